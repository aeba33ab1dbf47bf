// Resolves the global options (--api, --config) into an API client or settings, lazily.
import type { Command } from 'commander';
import { loadSettings } from '../config/load.js';
import type { Settings } from '../config/schema.js';
import { createClient, type ApiClient } from './client.js';

export interface GlobalOpts {
  api?: string;
  config?: string;
}

export const globals = (cmd: Command): GlobalOpts => cmd.optsWithGlobals<GlobalOpts>();

export const settingsFor = (cmd: Command): Readonly<Settings> => loadSettings({ configFile: globals(cmd).config });

/** --api, else VIGIL_API_URL, else http://127.0.0.1:<http.port> from the config (8080 if it cannot be read). */
export function apiUrl(cmd: Command, env: NodeJS.ProcessEnv = process.env): string {
  const g = globals(cmd);
  if (g.api) return g.api;
  if (env.VIGIL_API_URL) return env.VIGIL_API_URL;
  let port = 8080;
  try {
    port = settingsFor(cmd).http.port;
  } catch {
    /* the client can still talk to a default server */
  }
  return `http://127.0.0.1:${port}`;
}

export const clientFor = (cmd: Command, env: NodeJS.ProcessEnv = process.env): ApiClient =>
  createClient({ baseUrl: apiUrl(cmd, env), token: env.VIGIL_API_TOKEN || undefined });
