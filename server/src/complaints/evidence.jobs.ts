import { COMPLAINT_LIMITS } from '@parceldesk/shared';
import type { BlobStore } from '../storage/blob-store.js';
import type { RecurringJob } from '../scheduler/scheduler.js';
import { Evidence } from './evidence.entity.js';

/**
 * Photos uploaded but never attached to a case are removed after a day: rows and blobs.
 * `attachedAt` marks a photo used anywhere (a case, or a review), so a review's photos stay.
 */
export function sweepUnattachedEvidenceJob(store: BlobStore): RecurringJob {
  return {
    name: 'evidence.sweep-unattached',
    everyMs: 3600_000,
    async run(em, now) {
      const cutoff = new Date(now.getTime() - COMPLAINT_LIMITS.unattachedUploadHours * 3600_000);
      let removed = 0;
      for (;;) {
        const batch = await em.find(Evidence, { complaint: null, attachedAt: null, createdAt: { $lt: cutoff } }, { limit: 200, orderBy: { createdAt: 'asc' } });
        if (batch.length === 0) break;
        // Rows first: a blob without a row is invisible; a row without a blob would be a broken link.
        await em.nativeDelete(Evidence, { id: { $in: batch.map((e) => e.id) }, complaint: null, attachedAt: null });
        await Promise.all(batch.flatMap((e) => [store.delete(e.blobKey), store.delete(e.thumbKey)]));
        removed += batch.length;
        em.clear();
      }
      return `removed ${removed}`;
    },
  };
}
