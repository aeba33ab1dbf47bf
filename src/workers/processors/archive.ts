// archive: download one media file of a new post (size-capped by archive.maxMediaBytes) into a
// blob, recorded by an http CaptureManifest tied to the post. Truncated files are marked.
import type { Processor } from 'bullmq';
import { captureKey } from '../../archive/keys.js';
import { deterministicId } from '../../ids.js';
import { isVigilError } from '../../errors.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import { ArchiveJob, jobId } from '../queues.js';
import { onJobError } from '../errors.js';
import { captureManifest } from '../archive-poll.js';

export const archiveMedia = (d: PipelineDeps): Processor<unknown, string | null> =>
  async (job, token, signal) => {
    const data = ArchiveJob.parse(job.data);
    const log = d.log.child({ queue: 'archive', jobId: job.id, targetId: data.targetId });
    try {
      let page;
      try {
        page = await d.fetcher.fetch({ via: 'http', url: data.url, purpose: 'media' }, { signal, maxBytes: d.settings.archive.maxMediaBytes });
      } catch (e) {
        // Over archive.maxMediaBytes: log that it was skipped rather than retrying forever.
        if (isVigilError(e) && (e.opts.details as { tooLarge?: boolean } | undefined)?.tooLarge) {
          log.warn({ url: data.url }, 'media too large, skipped');
          return null;
        }
        throw e;
      }
      const blob = await d.archive.putBlob(page.body, page.headers['content-type'] ?? 'application/octet-stream');
      const m = captureManifest(deterministicId(job.timestamp, `${job.id}|media`), data.targetId, page, blob, d.vantage);
      m.postId = data.postId;
      m.artifacts = [{ ...m.artifacts[0], name: `media/${data.mediaType}`, sourceUrl: data.url }];
      await d.archive.putCapture(m);
      await d.queues.index.add('capture', { kind: 'capture', key: captureKey(m.id) }, { jobId: jobId('idx', 'cap', m.id), removeOnComplete: true, attempts: 5 });
      log.info({ sha256: blob.sha256, size: blob.size }, 'media archived');
      return m.id;
    } catch (e) {
      return await onJobError(e, job, token, log);
    }
  };
