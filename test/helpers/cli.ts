// The real `vigil` CLI (src/cli/main.ts through tsx, run from the repo root) for the e2e tests: its
// exit code and output, whether it succeeds or fails. Node with tsx's loader, as `npx tsx` runs it,
// without the tsx launcher's own extra Node process in front.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `vigil <args>` with exactly this environment. */
export async function runVigil(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as CliResult;
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}
