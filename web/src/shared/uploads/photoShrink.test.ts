import { describe, expect, it } from 'vitest';
import { fitsAsIs, isRetryable, refusedByType } from './photoShrink';

describe('photo shrink decisions', () => {
  it('sends small JPEG/PNG/WebP as they are and shrinks big or other images', () => {
    expect(fitsAsIs({ size: 3 * 1024 * 1024, type: 'image/jpeg' })).toBe(true);
    expect(fitsAsIs({ size: 15 * 1024 * 1024, type: 'image/jpeg' })).toBe(false);
    expect(fitsAsIs({ size: 1024, type: 'image/heic' })).toBe(false);
  });

  it('refuses what is not an image before decoding, and retries only what a retry can fix', () => {
    expect(refusedByType({ type: 'application/pdf' })?.code).toBe('UNSUPPORTED_MEDIA');
    expect(refusedByType({ type: 'image/heic' })).toBeNull();
    expect(isRetryable('NETWORK')).toBe(true);
    for (const code of ['UNDECODABLE', 'UNSUPPORTED_MEDIA', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED']) expect(isRetryable(code)).toBe(false);
  });
});
