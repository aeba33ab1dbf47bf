// HTTP client of the CLI: every command except run/demo/config talks to a running Vigil.
import { ERRORS, VigilError, type ErrorCode } from '../errors.js';

export interface ClientOptions {
  baseUrl: string;
  token?: string;
}

export interface ApiClient {
  readonly baseUrl: string;
  json<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  raw(path: string): Promise<Response>;
}

const isCode = (c: unknown): c is ErrorCode => typeof c === 'string' && c in ERRORS;

function unreachable(baseUrl: string, e: unknown): VigilError {
  type Cause = { code?: string; errors?: { code?: string }[] };
  const cause = (e as { cause?: Cause }).cause;
  const why = cause?.code ?? cause?.errors?.[0]?.code ?? (e as Error).message;
  return new VigilError('VGL_API_UNREACHABLE', `cannot reach Vigil at ${baseUrl} (${why}); start Vigil with \`vigil run\` or pass --api`, { cause: e });
}

/** Turn an error response into the server's VigilError (code + message), never raw upstream text. */
export async function responseError(res: Response): Promise<VigilError> {
  let body: { code?: unknown; message?: unknown } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    /* not JSON: fall through */
  }
  if (isCode(body.code) && typeof body.message === 'string') return new VigilError(body.code, body.message);
  return new VigilError(res.status === 401 ? 'VGL_UNAUTHORIZED' : res.status === 403 ? 'VGL_FORBIDDEN' : 'VGL_INTERNAL', `the API answered HTTP ${res.status}`);
}

export function createClient(o: ClientOptions): ApiClient {
  const baseUrl = o.baseUrl.replace(/\/+$/, '');
  const headers = (extra: Record<string, string> = {}): Record<string, string> => ({
    ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
    ...extra,
  });
  const send = async (method: string, path: string, body?: unknown): Promise<Response> => {
    try {
      return await fetch(baseUrl + path, {
        method,
        headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw unreachable(baseUrl, e);
    }
  };
  return {
    baseUrl,
    async json<T>(method: string, path: string, body?: unknown) {
      const res = await send(method, path, body);
      if (!res.ok) throw await responseError(res);
      return { status: res.status, body: (await res.json()) as T };
    },
    async raw(path: string) {
      const res = await send('GET', path);
      if (!res.ok) throw await responseError(res);
      return res;
    },
  };
}
