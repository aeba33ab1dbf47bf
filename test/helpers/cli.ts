// The real `vigil` CLI (tsx src/cli/main.ts, run from the repo root) for the e2e tests: its exit
// code and output, whether it succeeds or fails.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `vigil <args>` with exactly this environment. */
export async function runVigil(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  try {
    const r = await run(TSX, ['src/cli/main.ts', ...args], { cwd: ROOT, env });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as CliResult;
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}
