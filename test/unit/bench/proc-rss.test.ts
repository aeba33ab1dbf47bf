// The benchmark's reading of Chromium's memory from /proc (pure parts, plus this process's own tree).
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { childCpuTicks, childRss, cpuTicksBetween, descendants, parseStat, parseVmRss } from '../../../bench/proc-rss.js';

describe('bench/proc-rss', () => {
  it('parses /proc/<pid>/stat even when the command name holds spaces and parentheses', () => {
    expect(parseStat('4242 (chromium (a b)) S 17 4242 4242 0 -1 4194560 1 0 0 0 250 31 7 2 20 0')).toEqual({ pid: 4242, ppid: 17, cpuTicks: 281 });
    expect(parseStat('garbage')).toBeNull();
    expect(parseVmRss('Name:\tchromium\nVmRSS:\t  123456 kB\nVmSwap:\t0 kB\n')).toBe(123456 * 1024);
    expect(parseVmRss('Name:\tzombie\n')).toBe(0);
  });

  it('finds and measures the processes below this one', async () => {
    const child = spawn('sleep', ['30']);
    try {
      await new Promise((r) => child.once('spawn', r));
      expect(descendants()).toContain(child.pid);
      expect(childRss().bytes).toBeGreaterThan(0);
    } finally {
      child.kill();
    }
  });

  it('counts CPU between readings: new processes from zero, exited ones lose only their last interval', () => {
    const prev = new Map([[10, 100], [11, 50]]);
    const next = new Map([[10, 130], [12, 7]]); // 11 exited, 12 started
    expect(cpuTicksBetween(prev, next)).toBe(37);
    // Never negative (a pid reused meanwhile by a process with less CPU time adds nothing).
    expect(cpuTicksBetween(new Map([[10, 100]]), new Map([[10, 40]]))).toBe(0);
  });

  it('reads the CPU time of a busy child', async () => {
    const child = spawn(process.execPath, ['-e', 'const end = Date.now() + 20000; while (Date.now() < end);']);
    try {
      await new Promise((r) => child.once('spawn', r));
      await expect.poll(() => childCpuTicks().get(child.pid!) ?? 0, { timeout: 15_000, interval: 100 }).toBeGreaterThan(5);
    } finally {
      child.kill();
    }
  });

  it('finds grandchildren through the tree\'s own children files', async () => {
    // The child starts a grandchild and says its pid.
    const child = spawn(process.execPath, ['-e', "const g = require('node:child_process').spawn('sleep', ['30']); console.log(g.pid); setTimeout(() => {}, 30000);"], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const grandchild = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
      expect(descendants()).toEqual(expect.arrayContaining([child.pid, grandchild]));
      expect(descendants(child.pid!)).toEqual([grandchild]);
    } finally {
      child.kill();
    }
  });
});
