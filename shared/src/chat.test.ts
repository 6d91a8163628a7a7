import { describe, expect, it } from 'vitest';
import { CHAT_LIMITS } from './chat-constants.js';
import { openThreadSchema, sendMessageSchema } from './chat.js';

const valid = { threadId: 't', clientMessageId: 'c-12345678', body: '  已到楼下  ' };

describe('sendMessageSchema', () => {
  it('trims the body and accepts 1 to 2,000 characters', () => {
    expect(sendMessageSchema.parse(valid).body).toBe('已到楼下');
    expect(sendMessageSchema.safeParse({ ...valid, body: 'x'.repeat(CHAT_LIMITS.bodyMaxLength) }).success).toBe(true);
  });

  it('names the body when it is blank or too long', () => {
    for (const body of ['', '   \n ', '\u200b\u200b', 'x'.repeat(CHAT_LIMITS.bodyMaxLength + 1), 'bad \u0000 byte']) {
      const result = sendMessageSchema.safeParse({ ...valid, body });
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.path).toEqual(['body']);
    }
  });

  it('requires a client message id of sensible length', () => {
    expect(sendMessageSchema.safeParse({ ...valid, clientMessageId: 'short' }).success).toBe(false);
    expect(sendMessageSchema.safeParse({ ...valid, clientMessageId: 'x'.repeat(65) }).success).toBe(false);
  });
});

describe('openThreadSchema', () => {
  it('needs a parcel for a courier thread and refuses one for support', () => {
    expect(openThreadSchema.safeParse({ kind: 'COURIER' }).error!.issues[0]!.path).toEqual(['shipmentId']);
    expect(openThreadSchema.safeParse({ kind: 'SUPPORT', shipmentId: 's' }).error!.issues[0]!.path).toEqual(['shipmentId']);
    expect(openThreadSchema.safeParse({ kind: 'SUPPORT', orderId: 'o' }).success).toBe(true);
  });
});

describe('sendMessageSchema with a photo', () => {
  it('takes a photo with an empty caption, but not an empty message without one', () => {
    expect(sendMessageSchema.parse({ ...valid, body: ' ', photoId: 'p-1' })).toMatchObject({ body: '', photoId: 'p-1' });
    expect(sendMessageSchema.parse({ threadId: 't', clientMessageId: 'c-12345678', photoId: 'p-1' }).body).toBe('');
    expect(sendMessageSchema.safeParse({ ...valid, body: '', photoId: null }).error!.issues[0]!.path).toEqual(['body']);
  });
});
