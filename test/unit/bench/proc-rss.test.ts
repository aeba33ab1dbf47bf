// The benchmark's reading of Chromium's memory from /proc (pure parts, plus this process's own tree).
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { childRss, descendants, parseStat, parseVmRss } from '../../../bench/proc-rss.js';

describe('bench/proc-rss', () => {
  it('parses /proc/<pid>/stat even when the command name holds spaces and parentheses', () => {
    expect(parseStat('4242 (chromium (a b)) S 17 4242 4242 0 -1 4194560 1 0 0 0')).toEqual({ pid: 4242, ppid: 17 });
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
});
