import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChatPhotos } from '../chat/chat-photos.js';
import { isUuid } from '../common/ids.js';
import { Evidence } from './evidence.entity.js';

/**
 * Photo messages' side of the uploads pipeline: a photo the sender uploaded that is in no case.
 * (Whether it is already in a message is the messages table's unique photo key.)
 */
export const evidenceChatPhotos: ChatPhotos = {
  async isSendable(em: EntityManager, uploaderId: string, photoId: string): Promise<boolean> {
    if (!isUuid(photoId)) return false;
    const rows = await em.getConnection().execute<unknown[]>(
      `select 1 from evidence e where e.id = ? and e.uploader_id = ? and e.complaint_id is null and e.attached_at is null
         and not exists (select 1 from messages m where m.photo_id = e.id)`,
      [photoId, uploaderId],
    );
    return rows.length > 0;
  },
};
