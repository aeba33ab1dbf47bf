// Chromium with its sandbox. Chromium refuses its sandbox as root, so when Vigil runs as root the
// browser is started through a small generated wrapper that hands Playwright's temporary profile
// to an unprivileged user (capture.browserUser, else `nobody`) and drops to it with setpriv.
// The sandbox needs unprivileged user namespaces (Debian's Chromium ships no setuid helper):
// they are probed once; where the kernel forbids them Vigil says so once and runs Chromium with
// --no-sandbox (still as the unprivileged user), and every manifest records browser.sandbox: false.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';

export interface SandboxPlan {
  /** Start Chromium with its sandbox (may turn false when the first sandboxed launch fails). */
  sandbox: boolean;
  /** What Playwright launches: Chromium itself, or the wrapper that drops privileges. */
  executablePath: string;
  /** The unprivileged user Chromium runs as, when Vigil runs as root. */
  user?: string;
  /** Why there is no sandbox (logged once). */
  reason?: string;
  /**
   * Chromium starts through the wrapper, which merges repeated --disable-features and
   * --enable-features switches into one each (Chromium honours only the last), so Vigil can
   * add features to Playwright's lists instead of replacing them.
   */
  mergesFeatureSwitches?: boolean;
  cleanup(): void;
}

export interface SandboxDeps {
  chromiumPath: string;
  /** Preferred unprivileged user (capture.browserUser); `nobody` when it does not exist. */
  user: string;
  log: Logger;
  /** Test seams. */
  uid?: number;
  run?: (cmd: string, args: string[]) => { status: number | null; stdout: string };
}

const defaultRun = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
  return { status: r.error ? null : r.status, stdout: r.stdout ?? '' };
};

/** Pure: the shell text of the privilege-dropping wrapper. */
export function wrapperScript(chromiumPath: string, uid: number, gid: number): string {
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  return [
    '#!/bin/sh',
    '# Written by Vigil: runs Chromium as an unprivileged user so its sandbox can work.',
    'profile=',
    'disable=',
    'enable=',
    'for arg in "$@"; do',
    '  case "$arg" in',
    '    --user-data-dir=*) profile="${arg#--user-data-dir=}" ;;',
    '    --disable-features=*) disable="${disable:+$disable,}${arg#--disable-features=}" ;;',
    '    --enable-features=*) enable="${enable:+$enable,}${arg#--enable-features=}" ;;',
    '  esac',
    'done',
    '# Chromium honours only the last of a repeated switch: one merged list each.',
    'for arg in "$@"; do',
    '  shift',
    '  case "$arg" in --disable-features=*|--enable-features=*) ;; *) set -- "$@" "$arg" ;; esac',
    'done',
    'if [ -n "$disable" ]; then set -- "$@" "--disable-features=$disable"; fi',
    'if [ -n "$enable" ]; then set -- "$@" "--enable-features=$enable"; fi',
    'if [ -n "$profile" ]; then',
    `  chown -R ${uid}:${gid} "$profile" || exit 70`,
    '  export HOME="$profile" XDG_CONFIG_HOME="$profile/.config" XDG_CACHE_HOME="$profile/.cache"',
    'fi',
    'cd /',
    `exec setpriv --reuid=${uid} --regid=${gid} --clear-groups -- ${q(chromiumPath)} "$@"`,
    '',
  ].join('\n');
}

const NO_SANDBOX_MSG = 'Chromium runs WITHOUT its sandbox; every capture manifest records browser.sandbox: false';

/** A plan without the sandbox; says so once (warn). */
export function noSandbox(d: Pick<SandboxDeps, 'chromiumPath' | 'log'>, reason: string, extra: Partial<SandboxPlan> = {}): SandboxPlan {
  d.log.child({ component: 'browser-sandbox' }).warn({ reason }, NO_SANDBOX_MSG);
  return { sandbox: false, executablePath: d.chromiumPath, reason, cleanup: () => undefined, ...extra };
}

// What Chromium's namespace sandbox needs: new user, PID and network namespaces.
const USERNS_PROBE = ['--user', '--map-root-user', '--pid', '--net', '--fork', 'true'];

/** Decides how Chromium starts on this machine. Logs once (warn) when there is no sandbox. */
export function planSandbox(d: SandboxDeps): SandboxPlan {
  const run = d.run ?? defaultRun;
  const uid = d.uid ?? process.getuid?.() ?? -1;
  const log = d.log.child({ component: 'browser-sandbox' });
  const none = (reason: string, extra: Partial<SandboxPlan> = {}): SandboxPlan => noSandbox(d, reason, extra);
  const probe = (prefix: string[]): boolean | null => {
    const [cmd, ...args] = [...prefix, 'unshare', ...USERNS_PROBE];
    const r = run(cmd, args);
    return r.status === null ? null : r.status === 0;
  };

  if (uid !== 0) {
    const ok = probe([]);
    if (ok === false) return none('the kernel allows no unprivileged user namespaces');
    // Unknown (no unshare): try the sandbox; the first launch falls back if Chromium cannot.
    return { sandbox: true, executablePath: d.chromiumPath, cleanup: () => undefined };
  }

  const ids = (name: string): { uid: number; gid: number } | null => {
    const u = run('id', ['-u', name]);
    const g = run('id', ['-g', name]);
    const n = Number(u.stdout.trim());
    const m = Number(g.stdout.trim());
    return u.status === 0 && g.status === 0 && Number.isInteger(n) && Number.isInteger(m) && n > 0 ? { uid: n, gid: m } : null;
  };
  let user = d.user;
  let id = ids(user);
  if (!id && user !== 'nobody') {
    user = 'nobody';
    id = ids(user);
  }
  if (!id) return none(`Vigil runs as root and neither ${JSON.stringify(d.user)} nor "nobody" exists to run the browser`);
  if (run('setpriv', ['--version']).status !== 0) return none('Vigil runs as root and setpriv (util-linux) is missing to drop privileges');

  const dir = mkdtempSync(join(tmpdir(), 'vigil-chromium-'));
  const executablePath = join(dir, 'chromium-as-user');
  writeFileSync(executablePath, wrapperScript(d.chromiumPath, id.uid, id.gid), { mode: 0o700 });
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  const ok = probe(['setpriv', `--reuid=${id.uid}`, `--regid=${id.gid}`, '--clear-groups', '--']);
  if (ok === false) return none('the kernel allows no unprivileged user namespaces', { executablePath, user, cleanup, mergesFeatureSwitches: true });
  log.info({ user }, 'Chromium runs sandboxed as an unprivileged user');
  return { sandbox: true, executablePath, user, cleanup, mergesFeatureSwitches: true };
}
