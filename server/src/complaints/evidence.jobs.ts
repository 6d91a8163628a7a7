import { COMPLAINT_LIMITS } from '@parceldesk/shared';
import type { BlobStore } from '../storage/blob-store.js';
import type { RecurringJob } from '../scheduler/scheduler.js';

/**
 * Photos uploaded but never used are removed after a day: rows and blobs. `attachedAt` marks a
 * photo used by a case or a review; a photo sent in a chat message is kept too.
 */
export function sweepUnattachedEvidenceJob(store: BlobStore): RecurringJob {
  return {
    name: 'evidence.sweep-unattached',
    everyMs: 3600_000,
    async run(em, now) {
      const cutoff = new Date(now.getTime() - COMPLAINT_LIMITS.unattachedUploadHours * 3600_000);
      let removed = 0;
      for (;;) {
        // Rows first, in one statement that re-checks the condition: a blob without a row is
        // invisible; a row without a blob would be a broken link.
        const batch = await em.getConnection().execute<{ blobKey: string; thumbKey: string }[]>(
          `delete from evidence where id in (
             select e.id from evidence e where e.complaint_id is null and e.attached_at is null and e.created_at < ?
               and not exists (select 1 from messages m where m.photo_id = e.id)
             order by e.created_at limit 200)
           and complaint_id is null and attached_at is null and not exists (select 1 from messages m where m.photo_id = evidence.id)
           returning blob_key as "blobKey", thumb_key as "thumbKey"`,
          [cutoff],
        );
        if (batch.length === 0) break;
        await Promise.all(batch.flatMap((e) => [store.delete(e.blobKey), store.delete(e.thumbKey)]));
        removed += batch.length;
      }
      // Reservations of requests that never finished (their process died): they stopped counting
      // when they expired; this only keeps the table small.
      await em.getConnection().execute(`delete from upload_reservation where expires_at < now()`);
      return `removed ${removed}`;
    },
  };
}
