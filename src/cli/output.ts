// Terminal output helpers (the only place besides main.ts that writes to stdout/stderr).
import { ERRORS, isVigilError } from '../errors.js';

export const out = (s: string): void => {
  process.stdout.write(s.endsWith('\n') ? s : s + '\n');
};
/** A remark for the person at the terminal, on stderr, so stdout stays what a script reads. */
export const note = (s: string): void => {
  process.stderr.write(`note: ${s}\n`);
};
export const printJson = (v: unknown): void => out(JSON.stringify(v, null, 2));

export function table(rows: (string | number | undefined | null)[][], header: string[]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === undefined || c === null ? '-' : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n');
}

/** `error [CODE]: message` + `hint: …` on stderr; returns the exit code. */
export function printError(e: unknown): number {
  if (isVigilError(e)) {
    process.stderr.write(`error [${e.code}]: ${e.message}\nhint: ${ERRORS[e.code].hint}\n`);
    return 1;
  }
  process.stderr.write(`error [VGL_INTERNAL]: ${(e as Error)?.message ?? String(e)}\nhint: ${ERRORS.VGL_INTERNAL.hint}\n`);
  return 1;
}
