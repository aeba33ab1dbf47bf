// vigil users add|list|set|token — accounts, straight in the bucket (so the first admin can be
// made before anyone can sign in). Passwords come from --password-file, --password-stdin, or are
// generated and printed once. Every change is written to the audit log as `cli:<user>@<host>`.
import { readFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import type { Command } from 'commander';
import { createAccessStore, ROLE_NAMES, type RoleName } from '../../archive/access/store.js';
import { createAuditLog } from '../../archive/access/audit.js';
import { newSecret } from '../../archive/access/passwords.js';
import { VigilError } from '../../errors.js';
import { settingsFor } from '../context.js';
import { createLogger } from '../logger.js';
import { openBucket } from '../bucket-access.js';
import { out, printJson, table } from '../output.js';

const role = (r: string): RoleName => {
  if (!(ROLE_NAMES as readonly string[]).includes(r)) throw new VigilError('VGL_BAD_REQUEST', `--role: one of ${ROLE_NAMES.join(', ')}`);
  return r as RoleName;
};

async function readPassword(o: { passwordFile?: string; passwordStdin?: boolean }): Promise<{ password: string; generated: boolean }> {
  if (o.passwordFile) return { password: (await readFile(o.passwordFile, 'utf8')).replace(/\r?\n$/, ''), generated: false };
  if (o.passwordStdin) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return { password: Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, ''), generated: false };
  }
  return { password: newSecret().slice(0, 24), generated: true };
}

const actor = (): string => {
  try {
    return `cli:${userInfo().username}@${hostname()}`;
  } catch {
    return `cli@${hostname()}`;
  }
};

async function withAccess<T>(cmd: Command, fn: (a: { access: ReturnType<typeof createAccessStore>; audit: ReturnType<typeof createAuditLog> }) => Promise<T>): Promise<T> {
  const settings = settingsFor(cmd);
  const log = createLogger({ level: 'warn', destination: process.stderr });
  const bucket = await openBucket(settings, log);
  try {
    return await fn({ access: createAccessStore(bucket.store), audit: createAuditLog(bucket.store) });
  } finally {
    await bucket.close();
  }
}

export function registerUsers(program: Command): void {
  const users = program.command('users').description('user accounts (viewer, editor, admin) and personal API tokens');

  users
    .command('add <name>')
    .description('add a user; the first admin is made this way (then the API needs a login)')
    .option('--role <role>', 'viewer | editor | admin', 'viewer')
    .option('--password-file <file>', 'read the password from this file')
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { role: string; passwordFile?: string; passwordStdin?: boolean; json?: boolean }, cmd: Command) => {
      const r = role(o.role);
      const { password, generated } = await readPassword(o);
      const u = await withAccess(cmd, async ({ access, audit }) => {
        const rec = await access.addUser(name, password, r);
        await audit.append({ actor: actor(), action: 'user.add', details: { user: rec.name, role: rec.role } });
        return rec;
      });
      if (o.json) return printJson({ name: u.name, role: u.role, ...(generated ? { password } : {}) });
      out(`added ${u.name} (${u.role})${generated ? `; password (shown once): ${password}` : ''}`);
    });

  users
    .command('list')
    .description('users and their roles')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const list = await withAccess(cmd, ({ access }) => access.listUsers());
      const rows = list.map((u) => ({ name: u.name, role: u.role, disabled: u.disabled, createdAt: u.createdAt }));
      if (o.json) return printJson({ users: rows });
      out(table(rows.map((u) => [u.name, u.role, u.disabled ? 'disabled' : '', u.createdAt]), ['NAME', 'ROLE', 'STATE', 'CREATED']));
    });

  users
    .command('set <name>')
    .description("change a user's role or password, or disable/enable them")
    .option('--role <role>', 'viewer | editor | admin')
    .option('--password-file <file>', 'new password from this file')
    .option('--password-stdin', 'new password from standard input')
    .option('--disable', 'refuse their logins, sessions and tokens')
    .option('--enable', 'allow them again')
    .action(async (name: string, o: { role?: string; passwordFile?: string; passwordStdin?: boolean; disable?: boolean; enable?: boolean }, cmd: Command) => {
      const change = {
        ...(o.role ? { role: role(o.role) } : {}),
        ...(o.passwordFile || o.passwordStdin ? { password: (await readPassword(o)).password } : {}),
        ...(o.disable ? { disabled: true } : o.enable ? { disabled: false } : {}),
      };
      await withAccess(cmd, async ({ access, audit }) => {
        await access.updateUser(name, change);
        await audit.append({ actor: actor(), action: 'user.change', details: { user: name, role: change.role, disabled: change.disabled, ...('password' in change ? { password: 'changed' } : {}) } });
      });
      out(`changed ${name}`);
    });

  users
    .command('token <name>')
    .description('make a personal API token for a user (printed once; send as Authorization: Bearer)')
    .option('--label <label>', 'what it is for', 'cli')
    .action(async (name: string, o: { label: string }, cmd: Command) => {
      const t = await withAccess(cmd, async ({ access, audit }) => {
        const made = await access.createToken(name, o.label);
        await audit.append({ actor: actor(), action: 'token.create', details: { user: name, id: made.record.id, label: o.label } });
        return made;
      });
      out(t.token);
    });
}
