#!/usr/bin/env node
// Thin launcher: runs the TypeScript CLI with tsx as an in-process loader (`node --import tsx`), so
// `npm link`/`npx vigil` work without a build step. One Node process runs Vigil (no tsx watcher in
// between that would re-send or escalate signals); this launcher only forwards SIGTERM/SIGINT to
// it, waits for its drain, and exits with its code.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'src', 'cli', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
// A SIGTERM to the whole process group reaches the child too; it ignores repeats while draining.
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + ({ SIGTERM: 15, SIGINT: 2, SIGKILL: 9, SIGHUP: 1 }[signal] ?? 0) : 1)));
