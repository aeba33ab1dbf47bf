// capture: browser snapshot of one page through the capture engine (src/capture), written as a
// browser CaptureManifest. Only started when capture.enabled.
import type { Processor, Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Archive } from '../../archive/archive.js';
import { captureKey } from '../../archive/keys.js';
import type { CaptureManifest } from '../../archive/types.js';
import type { Capturer } from '../../capture/index.js';
import { deterministicId } from '../../ids.js';
import { ERRORS, isVigilError } from '../../errors.js';
import { CaptureJob, jobId } from '../queues.js';
import { onJobError } from '../errors.js';

export interface CaptureDeps {
  log: Logger;
  capturer: Pick<Capturer, 'capture'> & Partial<Pick<Capturer, 'version'>>;
  archive: Pick<Archive, 'putCapture'>;
  index: Queue;
  vantage: string;
}

export const capture = (d: CaptureDeps): Processor<unknown, string> =>
  async (job, token, signal) => {
    const data = CaptureJob.parse(job.data);
    const log = d.log.child({ queue: 'capture', jobId: job.id, targetId: data.targetId });
    try {
      const r = await d.capturer.capture(data.url, { target: data.targetId, signal });
      const m: CaptureManifest = {
        v: 1,
        id: data.captureId ?? deterministicId(job.timestamp, `${job.id}|browser`),
        kind: 'browser',
        status: r.status,
        ...(data.targetId ? { target: data.targetId } : {}),
        ...(data.postId ? { postId: data.postId } : {}),
        url: r.url,
        request: r.request,
        response: r.response,
        tool: r.tool,
        browser: r.browser,
        vantage: d.vantage,
        // Browser captures of posts go out directly and logged out (no session is loaded into them,
        // so none can reach their WARC request records).
        loggedIn: false,
        startedAt: r.startedAt,
        finishedAt: r.finishedAt,
        artifacts: r.artifacts,
        metadata: { ...r.metadata, reason: data.reason },
      };
      await d.archive.putCapture(m);
      await d.index.add('capture', { kind: 'capture', key: captureKey(m.id) }, { jobId: jobId('idx', 'cap', m.id), removeOnComplete: true, attempts: 5 });
      log.info({ captureId: m.id, artifacts: m.artifacts.length }, 'captured');
      return m.id;
    } catch (e) {
      // An on-demand capture that will not be retried leaves a `failed` manifest saying why, so
      // GET /api/captures/<id> answers with the code and message instead of a bare `failed`.
      const final = !isVigilError(e) || !ERRORS[e.code].retryable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (data.captureId && final && !signal?.aborted) {
        const now = new Date().toISOString();
        const error = isVigilError(e) ? { code: e.code, message: e.message } : { code: 'VGL_CAPTURE_FAILED', message: 'the capture failed; see the worker log' };
        const failed: CaptureManifest = {
          v: 1,
          id: data.captureId,
          kind: 'browser',
          status: 'failed',
          ...(data.targetId ? { target: data.targetId } : {}),
          url: data.url,
          tool: { name: 'vigil', version: d.capturer.version ?? 'unknown' },
          vantage: d.vantage,
          startedAt: new Date(job.processedOn ?? Date.now()).toISOString(),
          finishedAt: now,
          artifacts: [],
          metadata: { reason: data.reason },
          error,
        };
        await d.archive
          .putCapture(failed)
          .then(() => d.index.add('capture', { kind: 'capture', key: captureKey(failed.id) }, { jobId: jobId('idx', 'cap', failed.id), removeOnComplete: true, attempts: 5 }))
          .catch((err: unknown) => log.warn({ err }, 'could not record the failed capture'));
      }
      return await onJobError(e, job, token, log);
    }
  };
