import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { measureCorpus } from './photo-corpus.js';
import { bandNeighbours, bandsOf, BAND_RADIUS, captureTimeOf, hamming, NEAR_DUPLICATE_DISTANCE, perceptualHash, photoFacts } from './phash.js';

describe('perceptual hash', () => {
  it('finds altered copies and tells unrelated photos apart (a small corpus; the bench runs the full one)', async () => {
    const figures = await measureCorpus(8, 3);
    expect(figures.alteredCopies).toBe(40);
    expect(figures.recall).toBeGreaterThanOrEqual(0.9);
    expect(figures.recallByAlteration.reencode).toBe(1);
    expect(figures.recallByAlteration.screenshot).toBeGreaterThanOrEqual(0.9);
    expect(figures.falseMatchRate).toBeLessThan(0.01);
  }, 60_000);

  it('finds every hash within the threshold through one band within the band radius (pigeonhole)', () => {
    expect(4 * (BAND_RADIUS + 1)).toBeGreaterThan(NEAR_DUPLICATE_DISTANCE);
    const hash = -0x1234_5678_9abc_def0n;
    // Flip NEAR_DUPLICATE_DISTANCE bits spread over all four bands as evenly as possible.
    let other = hash;
    for (let i = 0; i < NEAR_DUPLICATE_DISTANCE; i++) other ^= 1n << BigInt((i % 4) * 16 + Math.floor(i / 4));
    other = BigInt.asIntN(64, other);
    expect(hamming(hash, other)).toBe(NEAR_DUPLICATE_DISTANCE);
    const mine = bandsOf(hash);
    const theirs = bandsOf(other);
    expect(mine.some((band, i) => bandNeighbours(band).includes(theirs[i]!))).toBe(true);
    expect(bandNeighbours(0)).toHaveLength(137);
    for (const band of bandsOf(-1n)) expect(band).toBe(-1);
  });

  it('throws on bytes that are no image and on a flat picture, and photoFacts answers "not checked" instead', async () => {
    await expect(perceptualHash(Buffer.from('not an image'))).rejects.toThrow();
    // A solid colour has nothing to fingerprint: not checked rather than matching every other one.
    const flat = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a6' } }).jpeg().toBuffer();
    await expect(perceptualHash(flat)).rejects.toThrow(/too little detail/);
    expect(await photoFacts(Buffer.from('not an image'))).toEqual({ phash: null, capturedAt: null });
  });

  it('reads the capture time, in the camera’s offset or else Beijing time', async () => {
    const shot = (tags: Record<string, string>) =>
      sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } })
        .jpeg()
        .withExif({ IFD2: tags })
        .toBuffer()
        .then((b) => sharp(b).metadata())
        .then((m) => m.exif!);
    expect(captureTimeOf(await shot({ DateTimeOriginal: '2026:11:20 09:30:00' }))?.toISOString()).toBe('2026-11-20T01:30:00.000Z');
    expect(captureTimeOf(await shot({ DateTimeOriginal: '2026:11:20 09:30:00', OffsetTimeOriginal: '+01:00' }))?.toISOString()).toBe('2026-11-20T08:30:00.000Z');
    expect(captureTimeOf(await shot({ DateTimeOriginal: '1970:01:01 00:00:00' }))).toBeNull();
    expect(captureTimeOf(Buffer.from('garbage'))).toBeNull();
  });
});
