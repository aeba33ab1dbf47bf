import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { planSandbox, wrapperScript } from '../../../src/capture/sandbox.js';
import { browserArgs, CHROMIUM_ARGS, DISABLED_FEATURES } from '../../../src/capture/browser-pool.js';

function sink() {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'debug' }, new Writable({ write: (c, _e, cb) => (lines.push(JSON.parse(String(c))), cb()) }));
  return { log, warnings: () => lines.filter((l) => l.level === 40) };
}

/** A fake machine: which users exist, whether setpriv exists, whether user namespaces work. */
const machine = (o: { users?: Record<string, number>; setpriv?: boolean; userns?: boolean | null }) => {
  const calls: string[] = [];
  const run = (cmd: string, args: string[]) => {
    calls.push([cmd, ...args].join(' '));
    if (cmd === 'id') {
      const uid = (o.users ?? {})[args[1]];
      return uid === undefined ? { status: 1, stdout: '' } : { status: 0, stdout: `${uid}\n` };
    }
    if (cmd === 'setpriv' && args[0] === '--version') return { status: o.setpriv === false ? 1 : 0, stdout: '' };
    if (args.includes('unshare') || cmd === 'unshare') return { status: o.userns === null ? null : o.userns === false ? 1 : 0, stdout: '' };
    return { status: 1, stdout: '' };
  };
  return { run, calls };
};

describe('planSandbox', () => {
  it('as root: runs Chromium as capture.browserUser through a wrapper, sandboxed when user namespaces work', () => {
    const { log, warnings } = sink();
    const m = machine({ users: { 'vigil-browser': 990, nobody: 65534 }, userns: true });
    const plan = planSandbox({ chromiumPath: '/usr/bin/chromium', user: 'vigil-browser', log, uid: 0, run: m.run });
    try {
      expect(plan).toMatchObject({ sandbox: true, user: 'vigil-browser' });
      expect(plan.executablePath).not.toBe('/usr/bin/chromium');
      expect(statSync(plan.executablePath).mode & 0o777).toBe(0o700);
      expect(readFileSync(plan.executablePath, 'utf8')).toContain("exec setpriv --reuid=990 --regid=990 --clear-groups -- '/usr/bin/chromium' \"$@\"");
      expect(m.calls).toContain('setpriv --reuid=990 --regid=990 --clear-groups -- unshare --user --map-root-user --pid --net --fork true');
      expect(warnings()).toEqual([]);
    } finally {
      plan.cleanup();
    }
    expect(existsSync(plan.executablePath)).toBe(false);
  });

  it('as root: falls back to nobody, and says once that there is no sandbox when the kernel forbids it', () => {
    const { log, warnings } = sink();
    const plan = planSandbox({ chromiumPath: '/usr/bin/chromium', user: 'vigil-browser', log, uid: 0, run: machine({ users: { nobody: 65534 }, userns: false }).run });
    try {
      expect(plan).toMatchObject({ sandbox: false, user: 'nobody' });
      expect(plan.reason).toMatch(/user namespaces/);
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0].msg).toMatch(/WITHOUT its sandbox.*browser\.sandbox: false/);
    } finally {
      plan.cleanup();
    }
  });

  it('as root without setpriv or any unprivileged user: no sandbox, Chromium itself, one warning', () => {
    for (const m of [machine({ users: {}, userns: true }), machine({ users: { nobody: 65534 }, setpriv: false, userns: true })]) {
      const { log, warnings } = sink();
      const plan = planSandbox({ chromiumPath: '/usr/bin/chromium', user: 'vigil-browser', log, uid: 0, run: m.run });
      expect(plan).toMatchObject({ sandbox: false, executablePath: '/usr/bin/chromium' });
      expect(warnings()).toHaveLength(1);
    }
  });

  it('as an ordinary user: Chromium directly; sandboxed unless the probe says the kernel cannot', () => {
    const { log } = sink();
    expect(planSandbox({ chromiumPath: '/c', user: 'x', log, uid: 1000, run: machine({ userns: true }).run })).toMatchObject({ sandbox: true, executablePath: '/c' });
    expect(planSandbox({ chromiumPath: '/c', user: 'x', log, uid: 1000, run: machine({ userns: false }).run })).toMatchObject({ sandbox: false, executablePath: '/c' });
    // unshare missing: try the sandbox (the first launch falls back if Chromium cannot use it)
    expect(planSandbox({ chromiumPath: '/c', user: 'x', log, uid: 1000, run: machine({ userns: null }).run })).toMatchObject({ sandbox: true });
  });

  it('quotes the Chromium path in the wrapper', () => {
    expect(wrapperScript("/opt/it's/chromium", 5, 6)).toContain(`-- '/opt/it'\\''s/chromium' "$@"`);
  });

  it('the wrapper hands Chromium one --disable-features and one --enable-features, each merged in order, the rest untouched', () => {
    // Run by sh for real, with a setpriv that only drops its options and a Chromium that prints its arguments.
    const dir = mkdtempSync(join(tmpdir(), 'vigil-wrapper-test-'));
    try {
      writeFileSync(join(dir, 'setpriv'), '#!/bin/sh\nwhile [ "$1" != "--" ]; do shift; done\nshift\nexec "$@"\n', { mode: 0o700 });
      writeFileSync(join(dir, 'chromium'), '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n', { mode: 0o700 });
      writeFileSync(join(dir, 'wrapper'), wrapperScript(join(dir, 'chromium'), 1, 1), { mode: 0o700 });
      const args = ['--headless', '--disable-features=A,B', '--blink-settings=x=1, y', '--enable-features=E', '--disable-features=SpareRendererForSitePerProcess', 'about:blank'];
      const r = spawnSync('sh', [join(dir, 'wrapper'), ...args], { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
      expect(r.status).toBe(0);
      expect(r.stdout.split('\n').filter(Boolean)).toEqual(['--headless', '--blink-settings=x=1, y', 'about:blank', '--disable-features=A,B,SpareRendererForSitePerProcess', '--enable-features=E']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('browserArgs', () => {
  it('keeps the design flags, drops --no-sandbox only when sandboxed, and routes everything through the proxy', () => {
    const open = browserArgs({ sandbox: false });
    expect(open).toEqual([...CHROMIUM_ARGS]);
    // Features only when asked (the launcher merges them with Playwright's list).
    expect(browserArgs({ sandbox: false, disableFeatures: DISABLED_FEATURES })).toEqual([...CHROMIUM_ARGS, '--disable-features=SpareRendererForSitePerProcess']);
    const args = browserArgs({ sandbox: true, proxyUrl: 'http://127.0.0.1:4567' });
    for (const a of CHROMIUM_ARGS.filter((x) => x !== '--no-sandbox')) expect(args).toContain(a);
    expect(args).not.toContain('--no-sandbox');
    expect(args).toEqual(expect.arrayContaining([
      '--proxy-server=http://127.0.0.1:4567',
      '--proxy-bypass-list=<-loopback>',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
      '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
      '--webrtc-ip-handling-policy=disable_non_proxied_udp',
    ]));
  });
});
