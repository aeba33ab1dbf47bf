// Memory of the browser's processes (not only Node's): the resident set of every process below
// this one (the Chromium wrapper, the browser, its renderers, GPU and utility processes), read
// from /proc. Works when Chromium runs as another user (/proc/<pid>/status is world-readable).
import { readFileSync, readdirSync } from 'node:fs';

/**
 * Pure: pid, parent pid and the process's own CPU time (user + system, in clock ticks) from the
 * text of /proc/<pid>/stat (comm may hold spaces and parentheses; the fields after it are fixed).
 * Not the reaped children's times: a renderer read while alive would count twice.
 */
export function parseStat(text: string): { pid: number; ppid: number; cpuTicks: number } | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const pid = Number(text.slice(0, text.indexOf(' ')));
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15 (proc(5)).
  const fields = text.slice(close + 2).split(' ');
  const ppid = Number(fields[1]);
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  return Number.isInteger(pid) && Number.isInteger(ppid) ? { pid, ppid, cpuTicks: Number.isFinite(cpuTicks) ? cpuTicks : 0 } : null;
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

/** The direct children of `pid`, from /proc/<pid>/task/<tid>/children (any of its threads may fork). */
function childrenOf(pid: number): number[] | null {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return []; // the process ended meanwhile
  }
  const out: number[] = [];
  for (const tid of tasks) {
    const text = read(`/proc/${pid}/task/${tid}/children`);
    if (text === null) {
      if (tid === String(pid)) return null; // no children files on this kernel
      continue;
    }
    for (const c of text.split(' ')) if (c.trim()) out.push(Number(c));
  }
  return out;
}

/** Every process below `root` by a walk of all of /proc (kernels without children files). */
function descendantsByScan(root: number): number[] {
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

/**
 * Every process below `root` (children, grandchildren, ...). Walks the tree's own children files,
 * touching only its dozen processes: a walk of all of /proc on each 100 ms reading took CPU from
 * the captures being measured.
 */
export function descendants(root: number = process.pid): number[] {
  const out: number[] = [];
  const todo = [root];
  while (todo.length) {
    const kids = childrenOf(todo.pop()!);
    if (kids === null) return descendantsByScan(root);
    out.push(...kids);
    todo.push(...kids);
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

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux this runs on). */
export const CLOCK_TICKS = 100;

/** CPU ticks of every process below `root`, by pid. */
export function childCpuTicks(root: number = process.pid): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of descendants(root)) {
    const st = read(`/proc/${pid}/stat`);
    const p = st ? parseStat(st) : null;
    if (p) out.set(pid, p.cpuTicks);
  }
  return out;
}

/**
 * Pure: CPU ticks used between two readings. A process new in `next` counts from zero (it
 * started meanwhile); one gone from `next` loses only what it used since `prev`, so frequent
 * readings lose little.
 */
export function cpuTicksBetween(prev: ReadonlyMap<number, number>, next: ReadonlyMap<number, number>): number {
  let ticks = 0;
  for (const [pid, t] of next) ticks += Math.max(0, t - (prev.get(pid) ?? 0));
  return ticks;
}

/** Accumulates the CPU time of the processes below this one across readings (`read()` often). */
export function cpuMeter(root: number = process.pid): { read(): void; seconds(): number } {
  let last = childCpuTicks(root);
  let ticks = 0;
  return {
    read: () => {
      const now = childCpuTicks(root);
      ticks += cpuTicksBetween(last, now);
      last = now;
    },
    seconds: () => ticks / CLOCK_TICKS,
  };
}
