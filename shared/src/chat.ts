import { multiLineText, requiredText, singleLineText } from './text.js';
import { z } from './zod.js';
import { CHAT_LIMITS } from './chat-constants.js';

/** The text of a message: trimmed (invisible characters too), 1 to 2,000 characters, no control characters. */
export const messageBodySchema = requiredText(multiLineText(CHAT_LIMITS.bodyMaxLength));

export const sendMessageSchema = z
  .object({
    threadId: z.string().min(1),
    clientMessageId: singleLineText(CHAT_LIMITS.clientMessageIdMaxLength).min(8, 'must be at least 8 characters'),
    /** Optional beside a photo (a caption); required otherwise. */
    body: multiLineText(CHAT_LIMITS.bodyMaxLength).default(''),
    /** A photo from POST /uploads/chat, sent by the same user. */
    photoId: z.string().min(1).nullish(),
  })
  .superRefine((input, ctx) => {
    if (!input.photoId && input.body.length === 0) ctx.addIssue({ code: 'custom', path: ['body'], message: 'is required' });
  });
export type SendMessageInput = ReturnType<typeof sendMessageSchema.parse>;

export const openThreadSchema = z
  .object({
    kind: z.enum(['COURIER', 'SUPPORT']),
    shipmentId: z.string().min(1).nullish(),
    orderId: z.string().min(1).nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.kind === 'COURIER' && !input.shipmentId) {
      ctx.addIssue({ code: 'custom', path: ['shipmentId'], message: 'a courier thread needs the parcel' });
    }
    if (input.kind === 'SUPPORT' && input.shipmentId) {
      ctx.addIssue({ code: 'custom', path: ['shipmentId'], message: 'a support thread is opened with an order, not a parcel' });
    }
  });
