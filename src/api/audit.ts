// Writing the audit log from a request: the actor is the signed-in user (or how the request got
// in: the configured API token, loopback in open mode), plus the client address.
import type { FastifyRequest } from 'fastify';
import type { ApiDeps } from './deps.js';

export async function recordAudit(deps: Pick<ApiDeps, 'audit'>, req: FastifyRequest, action: string, details: Record<string, unknown> = {}, actor?: string): Promise<void> {
  if (!deps.audit) return;
  const clean = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined));
  await deps.audit.append({ actor: actor ?? req.user?.name ?? 'anonymous', action, ip: req.ip, details: clean });
}
