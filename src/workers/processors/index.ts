// index: the catalog indexer. Runs only where the catalog lives; applies records read back from
// the bucket (never from job payloads), so the catalog stays derived and rebuildable.
import type { Processor } from 'bullmq';
import type { Logger } from 'pino';
import type { Archive } from '../../archive/archive.js';
import { CaptureManifest, EventRecord, ObservationRecord } from '../../archive/types.js';
import type { Catalog } from '../../catalog/types.js';
import { PostRecord, type PageState } from '../../scrapers/types.js';
import { TargetDefSchema } from '../../app/target-def.js';
import { VigilError } from '../../errors.js';
import { catalogError } from '../../catalog/errors.js';
import { IndexJob } from '../queues.js';
import { onJobError } from '../errors.js';
import type { StateStore } from '../state-store.js';
import type { IndexHealth } from '../index-health.js';
import type { AlertsFanout } from '../webhooks.js';

export interface IndexDeps {
  log: Logger;
  archive: Pick<Archive, 'getJson' | 'getBlob'>;
  catalog: Catalog;
  states: Pick<StateStore, 'drainTouches'>;
  /** Failure metrics (and, through the failed set, the index_failed health alert). */
  health?: Pick<IndexHealth, 'failed'>;
  /**
   * Webhooks: every confirmed event passes here, whichever detector wrote it, once it is in the
   * catalog (so the tag filter sees the target). Deliveries have deterministic ids: a retried
   * index job does not queue one twice.
   */
  alerts?: Pick<AlertsFanout, 'confirmed'>;
}

const recordOf = (d: IndexJob): string => ('key' in d ? d.key : 'targetId' in d ? d.targetId : d.kind);

const missing = (key: string) => new VigilError('VGL_STORE_UNAVAILABLE', `record ${key} is not readable yet (outbox or store lag); retrying`);

export const index = (d: IndexDeps): Processor<unknown, string> =>
  async (job, token) => {
    const data = IndexJob.parse(job.data);
    const log = d.log.child({ queue: 'index', jobId: job.id, kind: data.kind, record: recordOf(data) });
    try {
      switch (data.kind) {
        case 'observation': {
          const rec = await d.archive.getJson(data.key, ObservationRecord);
          if (!rec) throw missing(data.key);
          const posts = await Promise.all(
            rec.posts.map(async (p) => {
              const bytes = await d.archive.getBlob(p.sha256);
              if (!bytes) throw missing(`blob ${p.sha256}`);
              const record = PostRecord.parse({ ...JSON.parse(bytes.toString('utf8')), ...(p.views !== undefined ? { views: p.views } : {}) });
              return { record, sha256: p.sha256 };
            }),
          );
          await d.catalog.applyObservation(rec, posts);
          break;
        }
        case 'event': {
          const rec = await d.archive.getJson(data.key, EventRecord);
          if (!rec) throw missing(data.key);
          await d.catalog.applyEvent(rec);
          if (rec.status === 'confirmed' && d.alerts) {
            // Queuing needs Redis only; when that fails the index job is retried (applyEvent is idempotent).
            await d.alerts.confirmed(rec).catch((e: unknown) => {
              throw new VigilError('VGL_WEBHOOK_FAILED', `cannot queue webhook deliveries of event ${rec.id}: ${(e as Error).message}`, { cause: e });
            });
          }
          break;
        }
        case 'capture': {
          const rec = await d.archive.getJson(data.key, CaptureManifest);
          if (!rec) throw missing(data.key);
          await d.catalog.applyCapture(rec);
          break;
        }
        case 'target': {
          const rec = await d.archive.getJson(data.key, TargetDefSchema);
          if (!rec) throw missing(data.key);
          await d.catalog.upsertTarget(rec);
          break;
        }
        case 'target_removed':
          await d.catalog.removeTarget(data.targetId);
          break;
        case 'touch':
          await d.catalog.touchTarget(data.targetId, data.at, data.state as PageState);
          break;
        case 'touches':
          for (const t of await d.states.drainTouches()) await d.catalog.touchTarget(t.targetId, t.at, t.state as PageState);
          break;
      }
      log.debug('indexed');
      return data.kind;
    } catch (e) {
      const err = catalogError(e, `${data.kind} ${recordOf(data)}`);
      const final = !err.retryable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      d.health?.failed(data.kind, final);
      // onJobError logs permanent errors; a retryable one that ran out of attempts is just as final.
      if (final && err.retryable) log.error({ err }, 'index job failed after its last attempt');
      return await onJobError(err, job, token, log);
    }
  };
