import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The upload side of photo messages. Photos go through the complaints' upload pipeline (the
 * same streaming, caps, image queue and daily quota), but chat/ may not import complaints/:
 * complaints/ provides this at start-up, like shipments' events reach chat through a hook.
 */
export interface ChatPhotos {
  /** The user uploaded this photo and it is in no message and no case yet. */
  isSendable(em: EntityManager, uploaderId: string, photoId: string): Promise<boolean>;
}

/** Where a photo message's image is served (the uploads pipeline's authorised read). */
export const photoUrls = (photoId: string) => ({ url: `/evidence/${photoId}`, thumbnailUrl: `/evidence/${photoId}/thumb` });
