// The OpenAPI 3.1 document of the HTTP API, generated from the zod schemas the routes validate
// requests and answers with (each route group exports its RouteDoc list beside its handlers).
import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z, type AnyZodObject, type ZodTypeAny } from 'zod';
import { ErrorBody } from './schemas.js';
import type { Role } from './roles.js';

// Adds .openapi() to zod's prototype: the generator needs it on every schema it reads.
extendZodWithOpenApi(z);

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Fastify path (`:id` parameters). */
  path: string;
  summary: string;
  tag: string;
  /** Least role allowed (roles.ts); absent: public. */
  role?: Role;
  params?: ZodTypeAny;
  query?: ZodTypeAny;
  body?: ZodTypeAny;
  /** JSON answer schema, or another content type with a plain description. */
  answer: { status?: number; schema?: ZodTypeAny; contentType?: string; description: string };
}

const openapiPath = (p: string): string => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
/** zod-to-openapi reads query/params from plain objects: strip refinements and `.strict()` wrappers. */
const plainObject = (s: ZodTypeAny): AnyZodObject => {
  let cur: ZodTypeAny = s;
  while (cur._def.typeName === 'ZodEffects') cur = cur._def.schema;
  return cur as AnyZodObject;
};

export function openApiDocument(docs: readonly RouteDoc[], info: { version: string }): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'A personal API token (`vigil users token`), or http.apiToken' });
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'vigil_session', description: 'The session cookie set by POST /login' });
  for (const d of docs) {
    const status = d.answer.status ?? 200;
    const content = d.answer.schema ? { 'application/json': { schema: d.answer.schema } } : d.answer.contentType ? { [d.answer.contentType]: { schema: z.string() } } : undefined;
    registry.registerPath({
      method: d.method,
      path: openapiPath(d.path),
      summary: d.summary,
      tags: [d.tag],
      ...(d.role ? { security: [{ bearer: [] }, { session: [] }], description: `Role: ${d.role} or above.` } : {}),
      request: {
        ...(d.params ? { params: plainObject(d.params) } : {}),
        ...(d.query ? { query: plainObject(d.query) } : {}),
        ...(d.body ? { body: { content: { 'application/json': { schema: d.body } } } } : {}),
      },
      responses: {
        [status]: { description: d.answer.description, ...(content ? { content } : {}) },
        default: { description: 'An error: {code, message, hint} with the code’s HTTP status (README: error codes)', content: { 'application/json': { schema: ErrorBody } } },
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Vigil HTTP API', version: info.version, description: 'Archived posts, takedown events, captures, evidence packages and citations. Lists are paginated: pass an answer’s `next` as `cursor=`.' },
    servers: [{ url: '/' }],
  });
}
