// Keeps one embedded service process alive: started in its own session (detached), so a SIGTERM
// sent to Vigil's process group (systemd, Ctrl-C in a shell) reaches Vigil but not the service,
// which must outlive the drain; Vigil stops it last. When the process dies on its own it is started
// again with the same arguments (same port, same data dir), with a growing pause between attempts,
// until stop(). Clients (ioredis, the S3 client) reconnect to the same address by themselves.
import type { ChildProcess } from 'node:child_process';
import type { Logger } from 'pino';

export interface ServiceSpec {
  /** 'redis' | 's3', for logs. */
  name: string;
  /** Spawns the process (detached, its own session). */
  spawn(): ChildProcess;
  /** Resolves once the process answers; rejects (with what it printed) if it exits or times out first. */
  ready(child: ChildProcess, exited: () => boolean): Promise<void>;
  /** Asks the process to stop cleanly (flush data); the supervisor SIGKILLs it after `killAfterMs`. */
  shutdown(child: ChildProcess): Promise<void>;
}

export interface SupervisorOptions {
  minBackoffMs?: number;
  maxBackoffMs?: number;
  killAfterMs?: number;
  /** Called with the new pid after each restart (services.json keeps the live pid for reaping). */
  onRestart?: (pid: number) => void | Promise<void>;
}

export interface Supervised {
  /** pid of the live process (changes on restart). */
  readonly pid: number;
  /** How many times the process was restarted after dying. */
  readonly restarts: number;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
  isExited: () => boolean;
}

function launch(spec: ServiceSpec): Running {
  const child = spec.spawn();
  let done = false;
  const exited = new Promise<void>((res) => child.once('exit', () => ((done = true), res())));
  child.once('error', () => undefined); // 'exit' follows; ready() reports the failure
  return { child, exited, isExited: () => done };
}

/** Starts the service once (throws when it does not come up), then keeps it alive until stop(). */
export async function supervise(spec: ServiceSpec, log: Logger, opts: SupervisorOptions = {}): Promise<Supervised> {
  const minBackoff = opts.minBackoffMs ?? 200;
  const maxBackoff = opts.maxBackoffMs ?? 5000;
  const killAfter = opts.killAfterMs ?? 10_000;
  let cur = launch(spec);
  try {
    await spec.ready(cur.child, cur.isExited);
  } catch (err) {
    cur.child.kill('SIGKILL');
    throw err;
  }
  let stopping = false;
  let restarts = 0;
  let restarting: Promise<void> | undefined;

  const watch = (r: Running) => {
    void r.exited.then(() => {
      if (stopping || r !== cur) return;
      log.error({ service: spec.name, pid: r.child.pid, code: r.child.exitCode, signal: r.child.signalCode }, 'embedded service died; restarting it on the same port and data');
      restarting = restart();
    });
  };

  const restart = async () => {
    for (let backoff = minBackoff; !stopping; backoff = Math.min(maxBackoff, backoff * 2)) {
      const next = launch(spec);
      cur = next;
      try {
        await spec.ready(next.child, next.isExited);
      } catch (err) {
        next.child.kill('SIGKILL');
        await next.exited;
        log.warn({ service: spec.name, err }, 'embedded service restart failed; trying again');
        await sleep(backoff);
        continue;
      }
      if (stopping) return; // stop() takes care of the new process
      restarts++;
      log.warn({ service: spec.name, pid: next.child.pid, restarts }, 'embedded service restarted');
      await Promise.resolve(opts.onRestart?.(next.child.pid ?? 0)).catch((err: unknown) => log.warn({ err }, 'after-restart hook failed'));
      watch(next);
      return;
    }
  };

  watch(cur);
  return {
    get pid() {
      return cur.child.pid ?? 0;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      await restarting?.catch(() => undefined);
      const r = cur;
      if (r.isExited()) return;
      await spec.shutdown(r.child).catch(() => r.child.kill('SIGTERM'));
      const killer = setTimeout(() => r.child.kill('SIGKILL'), killAfter);
      await r.exited;
      clearTimeout(killer);
    },
  };
}
