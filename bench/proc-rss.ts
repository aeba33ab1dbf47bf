// Memory of the browser's processes (not only Node's): the resident set of every process below
// this one (the Chromium wrapper, the browser, its renderers, GPU and utility processes), read
// from /proc. Works when Chromium runs as another user (/proc/<pid>/status is world-readable).
import { readFileSync, readdirSync } from 'node:fs';

/** Pure: pid and parent pid from the text of /proc/<pid>/stat (comm may hold spaces and parentheses). */
export function parseStat(text: string): { pid: number; ppid: number } | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const pid = Number(text.slice(0, text.indexOf(' ')));
  const fields = text.slice(close + 2).split(' ');
  const ppid = Number(fields[1]);
  return Number.isInteger(pid) && Number.isInteger(ppid) ? { pid, ppid } : null;
}

/** Pure: VmRSS in bytes from the text of /proc/<pid>/status (0 for a zombie). */
export function parseVmRss(text: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(text);
  return m ? Number(m[1]) * 1024 : 0;
}

const read = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process ended meanwhile
  }
};

/** Every process below `root` (children, grandchildren, ...). */
export function descendants(root: number = process.pid): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = read(`/proc/${name}/stat`);
    const p = st ? parseStat(st) : null;
    if (p) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  }
  const out: number[] = [];
  const todo = [...(children.get(root) ?? [])];
  while (todo.length) {
    const pid = todo.pop()!;
    out.push(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Summed resident set of the processes below this one, in bytes (shared pages counted per process). */
export function childRss(root: number = process.pid): { bytes: number; processes: number } {
  let bytes = 0;
  let processes = 0;
  for (const pid of descendants(root)) {
    const st = read(`/proc/${pid}/status`);
    if (!st) continue;
    bytes += parseVmRss(st);
    processes++;
  }
  return { bytes, processes };
}
