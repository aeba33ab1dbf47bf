// vigil demo: embedded services + the simulator playing config/scenarios/demo.yaml + all roles,
// with live progress in the terminal and, once the scenario has played out, a comparison of what
// Vigil reported with the simulator's ground truth. Logs go to <dataDir>/demo/vigil.log.
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { MultiBar, Presets } from 'cli-progress';
import type { Settings } from '../../config/schema.js';
import { freePort } from '../../services/ports.js';
import { createClient, type ApiClient } from '../client.js';
import { settingsFor } from '../context.js';
import { createLogger } from '../logger.js';
import { out } from '../output.js';
import { compareWithTruth, postNumOf, type ReportedEvent, type TruthReport } from '../demo/truth-check.js';
import { eventLine, statusLine, type DemoSnapshot } from '../demo/status-line.js';
import { verdictDue, type VerdictTiming } from '../demo/verdict.js';
import { detailLines } from '../demo/links.js';

interface TargetJson { id: string; key: string; state: string; postCount: number }
interface EventJson { id: string; type: string; status: string; target: string; postId?: string; rule?: string }

async function portOrFree(host: string, port: number): Promise<number> {
  const { createServer } = await import('node:net');
  const free = await new Promise<boolean>((ok) => {
    const s = createServer().once('error', () => ok(false)).listen(port, host, () => s.close(() => ok(true)));
  });
  return free ? port : freePort();
}

async function snapshot(api: ApiClient): Promise<{ targets: TargetJson[]; events: EventJson[] }> {
  const [t, e] = await Promise.all([
    api.json<{ targets: TargetJson[] }>('GET', '/api/targets'),
    api.json<{ events: EventJson[] }>('GET', '/api/events'),
  ]);
  return { targets: t.body.targets ?? [], events: e.body.events ?? [] };
}

/** An event's details (links, scores); null when they cannot be read (the line is printed anyway). */
async function detailsOf(api: ApiClient, id: string): Promise<Record<string, unknown> | null> {
  try {
    const { body } = await api.json<{ event: { details: Record<string, unknown> | null } }>('GET', `/api/events/${encodeURIComponent(id)}`);
    return body.event.details;
  } catch {
    return null;
  }
}

function reported(events: EventJson[]): ReportedEvent[] {
  return events.map((e) => ({ id: e.id, type: e.type, status: e.status, channel: e.target, postNum: postNumOf(e.postId), ...(e.postId ? { postId: e.postId } : {}) }));
}

function printSummary(r: TruthReport, apiUrl: string, why: 'settled' | 'deadline'): void {
  out(`\nGround truth (what really happened in the simulator) vs what Vigil confirmed${why === 'deadline' ? ' (deadline reached with events still pending)' : ''}:`);
  for (const row of r.rows) {
    const t = row.truth;
    const what = `${t.type} ${t.channel}${t.postId ? ` ${t.postId}` : t.postNum !== undefined ? `/${t.postNum}` : ''}${t.to ? ` -> ${t.to}` : ''}`;
    const verdict = row.found ? `found   (event ${row.found.id})` : row.candidate ? `pending (candidate ${row.candidate.id})` : 'MISSED';
    out(`  ${verdict.padEnd(40)} ${what}`);
  }
  out(`found ${r.found}/${r.rows.length}; false alarms (confirmed, not in ground truth): ${r.falseAlarms.length}`);
  for (const f of r.falseAlarms) out(`  FALSE ALARM ${f.type} ${f.channel}${f.postNum !== undefined ? `/${f.postNum}` : ''} (event ${f.id})`);
  out(`\nBrowse the evidence at ${apiUrl}  (Ctrl-C to stop)`);
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run Vigil on embedded services against the simulator, with live progress')
    .option('--exit-when-done', 'exit after the scenario: code 0 when every ground-truth event was confirmed and nothing else was')
    .action(async (o: { exitWhenDone?: boolean }, cmd: Command) => {
      const base = settingsFor(cmd);
      const dataDir = resolve(base.dataDir, 'demo');
      rmSync(dataDir, { recursive: true, force: true }); // demo evidence is throwaway: start clean
      mkdirSync(dataDir, { recursive: true });
      const logFile = join(dataDir, 'vigil.log');
      const log = createLogger({ level: base.logLevel === 'silent' ? 'silent' : 'info', destination: createWriteStream(logFile, { flags: 'a' }) });
      const port = await portOrFree(base.http.host, base.http.port);
      const { startDemo } = await import('../../app/demo.js');
      const { startApp } = await import('../../app/start.js');
      out('vigil demo: starting embedded Redis, S3 and catalog, the simulated platforms and the scenario…');
      const demo = await startDemo({ ...base, dataDir, http: { ...base.http, port } } as Settings, log);
      const app = await startApp({ settings: demo.settings, log, roles: ['worker', 'scheduler', 'web'] }).catch(async (e) => {
        await demo.stop();
        throw e;
      });
      const apiUrl = app.apiUrl ?? `http://${base.http.host}:${port}`;
      out(`web UI and API: ${apiUrl}`);
      out(`simulated t.me: ${demo.sim.url}   (ground truth: ${demo.sim.url}/__sim/truth)`);
      out(`simulated ministry press office: ${demo.press.url}/press/`);
      for (const x of demo.services) out(`${x.label}: ${x.url}`);
      out(`data dir: ${dataDir}   logs: ${logFile}`);
      out(`watching ${demo.settings.targets.length} targets, polled every ${demo.everyMs / 1000}s; scenario runs ${Math.round(demo.scenarioMs / 1000)}s\n`);

      const api = createClient({ baseUrl: apiUrl });
      const started = Date.now();
      // The verdict waits for every ground-truth event's confirmation span, and for all of them to
      // be confirmed, but never past a deadline (src/cli/demo/verdict.ts).
      const timing: VerdictTiming = { everyMs: demo.everyMs, minSpanMs: demo.settings.detection.confirm.minSpan, graceMs: 180_000 };
      const bars = new MultiBar({ format: '{line}', hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 15_000, linewrap: false }, Presets.legacy);
      const bar = bars.create(1, 0, { line: 'starting…' });
      const seen = new Map<string, string>(); // event id -> status already printed
      let report: TruthReport | undefined;

      const stop = async (code: number) => {
        clearInterval(timer);
        bars.stop();
        await app.stop();
        await demo.stop();
        process.exit(code);
      };
      process.once('SIGINT', () => void stop(0));
      process.once('SIGTERM', () => void stop(0));

      const tick = async () => {
        const { targets, events } = await snapshot(api);
        const channelOf = (target: string) => targets.find((t) => t.id === target)?.key ?? target;
        const linked = (id: string) => {
          const x = events.find((v) => v.id === id);
          return x ? { type: x.type, channel: channelOf(x.target) } : undefined;
        };
        for (const e of events) {
          if (seen.get(e.id) === e.status) continue;
          seen.set(e.id, e.status);
          const line = eventLine({ ...e, channel: channelOf(e.target) }, new Date());
          // Under a confirmed event: what it is consistent with (an earlier attack), an attack's features.
          const lines = [line, ...(e.status === 'confirmed' ? detailLines(await detailsOf(api, e.id), linked) : [])];
          if (report) lines.forEach((l) => out(l));
          else bars.log(lines.join('\n') + '\n');
        }
        const elapsedMs = Date.now() - started;
        const s: DemoSnapshot = {
          elapsedMs,
          scenarioMs: demo.scenarioMs,
          targets: targets.length,
          targetsOk: targets.filter((t) => t.state === 'ok').length,
          posts: targets.reduce((n, t) => n + (t.postCount ?? 0), 0),
          candidates: events.filter((e) => e.status === 'candidate').length,
          confirmed: events.filter((e) => e.status === 'confirmed').length,
          dismissed: events.filter((e) => e.status === 'dismissed').length,
        };
        if (report) return;
        const truth = demo.truth();
        const now = compareWithTruth(truth, reported(events));
        const rows = now.rows.map((r) => ({ truth: { at: r.truth.at, lagMs: demo.detectLagMs(r.truth) }, found: r.found !== undefined }));
        const verdict = verdictDue(Date.now(), started + demo.scenarioMs, rows, timing);
        if (elapsedMs >= demo.scenarioMs && !verdict.due) {
          const what = verdict.pending ? `${verdict.pending} ground-truth event(s) to be confirmed` : 'the last confirmation spans';
          s.verdict = `verdict: waiting for ${what} (at most ${Math.ceil((verdict.deadlineMs - Date.now()) / 1000)}s more)`;
        }
        bar.update(1, { line: statusLine(s) });
        if (verdict.due) {
          report = now;
          bars.stop();
          printSummary(report, apiUrl, verdict.why);
          if (o.exitWhenDone) await stop(report.missed === 0 && report.falseAlarms.length === 0 ? 0 : 1);
        }
      };
      let ticking = false; // a slow tick must not overlap the next one (one verdict, printed once)
      const timer = setInterval(() => {
        if (ticking) return;
        ticking = true;
        void tick()
          .catch((err) => log.warn({ err }, 'demo progress poll failed'))
          .finally(() => (ticking = false));
      }, 1000);
      await new Promise<never>(() => undefined); // runs until Ctrl-C (or --exit-when-done)
    });
}
