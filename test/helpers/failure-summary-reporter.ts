// Prints one short line per failed test after vitest's own summary.
// Why: CI keeps only the last lines of the output, and vitest prints the failures' names and
// errors above its summary, so a failed run on record said "1 failed" without saying which.
import type { Reporter } from 'vitest/reporters';
import type { RunnerTask, RunnerTestFile } from 'vitest';

const MAX_MESSAGE = 300;

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '').replace(/\s+/g, ' ').trim();
  return plain.length > MAX_MESSAGE ? `${plain.slice(0, MAX_MESSAGE)}…` : plain;
}

function failedTests(task: RunnerTask, trail: string[], out: string[]): void {
  const path = task.type === 'suite' && 'filepath' in task ? trail : [...trail, task.name];
  if ('tasks' in task && Array.isArray(task.tasks)) {
    const before = out.length;
    for (const child of task.tasks) failedTests(child, path, out);
    // A suite that failed in a hook has no failed test of its own to name.
    if (out.length > before || task.result?.state !== 'fail') return;
  } else if (task.result?.state !== 'fail') {
    return;
  }
  const error = task.result?.errors?.[0];
  out.push(`FAILED ${path.join(' > ')}: ${oneLine(error ? `${error.name ?? 'Error'}: ${error.message}` : 'no error recorded')}`);
}

export default class FailureSummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []): void {
    const lines: string[] = [];
    for (const file of files) failedTests(file, [file.name], lines);
    for (const error of errors) {
      const e = error as { name?: string; message?: string };
      lines.push(`UNHANDLED ${oneLine(`${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`)}`);
    }
    if (lines.length === 0) return;
    process.stdout.write(`\nFailures (${lines.length}):\n${lines.join('\n')}\n`);
  }
}
