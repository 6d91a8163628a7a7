import sharp from 'sharp';
import { hamming, NEAR_DUPLICATE_DISTANCE, perceptualHash } from './phash.js';

/*
 * A test corpus for the perceptual hash, made here with sharp from a seed (the same bytes on every
 * run): varied synthetic "photos" (gradient skies and floors, many overlapping shapes of random
 * colours and sizes, grain), and altered copies of each as people reuse a photo: re-encoded,
 * resized, cropped by up to 10%, and "screenshotted" (scaled onto a phone screen between a status
 * bar, an app bar and a navigation bar, then saved again). The test runs a small corpus; the
 * bench (bench/trust.ts) the full one.
 */

export const ALTERATIONS = ['reencode', 'resize', 'crop', 'screenshot', 'screenshot-crop'] as const;
export type Alteration = (typeof ALTERATIONS)[number];

/** xorshift32: a fixed sequence from a seed. */
export function random(seed: number): () => number {
  let state = (seed * 2654435761) >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

const colour = (next: () => number) => `rgb(${Math.floor(next() * 256)},${Math.floor(next() * 256)},${Math.floor(next() * 256)})`;

/** One synthetic photo (JPEG, 4:3 or 3:4 or 16:9, up to 800 px on its long side). */
export async function syntheticPhoto(seed: number): Promise<Buffer> {
  const next = random(seed);
  const shapes = ['4:3', '3:4', '16:9', '1:1'] as const;
  const aspect = shapes[Math.floor(next() * shapes.length)]!;
  const [aw, ah] = aspect.split(':').map(Number) as [number, number];
  const long = 640 + Math.floor(next() * 160);
  const width = aw >= ah ? long : Math.round((long * aw) / ah);
  const height = aw >= ah ? Math.round((long * ah) / aw) : long;
  const parts: string[] = [];
  const angle = Math.floor(next() * 360);
  parts.push(
    `<defs><linearGradient id="g" gradientTransform="rotate(${angle} 0.5 0.5)"><stop offset="0" stop-color="${colour(next)}"/><stop offset="1" stop-color="${colour(next)}"/></linearGradient></defs>`,
    `<rect width="${width}" height="${height}" fill="url(#g)"/>`,
  );
  const count = 8 + Math.floor(next() * 14);
  for (let i = 0; i < count; i++) {
    const x = next() * width;
    const y = next() * height;
    const size = (0.05 + next() * 0.35) * Math.min(width, height);
    const fill = colour(next);
    const opacity = (0.5 + next() * 0.5).toFixed(2);
    const kind = Math.floor(next() * 4);
    if (kind === 0) parts.push(`<circle cx="${x}" cy="${y}" r="${size / 2}" fill="${fill}" fill-opacity="${opacity}"/>`);
    else if (kind === 1) parts.push(`<rect x="${x - size / 2}" y="${y - size / 3}" width="${size}" height="${(size * 2) / 3}" fill="${fill}" fill-opacity="${opacity}" transform="rotate(${Math.floor(next() * 90)} ${x} ${y})"/>`);
    else if (kind === 2) parts.push(`<ellipse cx="${x}" cy="${y}" rx="${size / 2}" ry="${size / 4}" fill="${fill}" fill-opacity="${opacity}" transform="rotate(${Math.floor(next() * 180)} ${x} ${y})"/>`);
    else {
      const points = Array.from({ length: 3 + Math.floor(next() * 3) }, () => `${x + (next() - 0.5) * size * 1.5},${y + (next() - 0.5) * size * 1.5}`).join(' ');
      parts.push(`<polygon points="${points}" fill="${fill}" fill-opacity="${opacity}"/>`);
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`;
  // Grain: a photo is never flat; fixed noise from the seed, blended softly.
  const grain = Buffer.alloc(width * height);
  for (let i = 0; i < grain.length; i++) grain[i] = 96 + Math.floor(next() * 64);
  const noise = await sharp(grain, { raw: { width, height, channels: 1 } }).toColourspace('srgb').png().toBuffer();
  return sharp(Buffer.from(svg))
    .composite([{ input: noise, blend: 'soft-light' }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** An altered copy of a photo, as a reused one arrives. */
export async function alter(photo: Buffer, alteration: Alteration, seed: number): Promise<Buffer> {
  const next = random(seed);
  const { width = 0, height = 0 } = await sharp(photo).metadata();
  switch (alteration) {
    case 'reencode':
      return sharp(photo).jpeg({ quality: 40 + Math.floor(next() * 30) }).toBuffer();
    case 'resize': {
      const scale = 0.3 + next() * 0.5;
      return sharp(photo).resize(Math.round(width * scale)).webp({ quality: 70 }).toBuffer();
    }
    case 'crop':
      return crop(photo, width, height, next).then((b) => sharp(b).jpeg({ quality: 80 }).toBuffer());
    case 'screenshot':
      return screenshot(photo, width, height, next);
    case 'screenshot-crop':
      return screenshot(await crop(photo, width, height, next, 0.05), width, height, next);
  }
}

/** Cuts up to `most` (10%) of the width and of the height, split at random between the two sides. */
async function crop(photo: Buffer, width: number, height: number, next: () => number, most = 0.1): Promise<Buffer> {
  const cutX = Math.floor(width * most * next());
  const cutY = Math.floor(height * most * next());
  const left = Math.floor(cutX * next());
  const top = Math.floor(cutY * next());
  return sharp(photo).extract({ left, top, width: width - cutX, height: height - cutY }).toBuffer();
}

/**
 * The photo shown full-width on a phone (360 × 780 points at 2×) between a status bar with its
 * clock and icons, an app bar with a title and buttons, and a navigation bar, letterboxed in the
 * viewer's background, saved as PNG or JPEG.
 */
async function screenshot(photo: Buffer, width: number, height: number, next: () => number): Promise<Buffer> {
  const screenW = 720;
  const screenH = 1560;
  const dark = next() < 0.5;
  const background = dark ? '#000000' : '#f5f5f5';
  const bar = dark ? '#1c1c1e' : '#ffffff';
  const ink = dark ? '#e5e5e5' : '#222222';
  const shownW = screenW;
  const shownH = Math.min(Math.round((height * screenW) / width), screenH - 400);
  const shown = await sharp(photo).resize(shownW, shownH, { fit: 'inside' }).toBuffer({ resolveWithObject: true });
  const top = 200 + Math.floor((screenH - 400 - shown.info.height) / 2);
  const icons = (y: number, n: number) => Array.from({ length: n }, (_, i) => `<rect x="${screenW - 40 - i * 44}" y="${y}" width="28" height="24" rx="4" fill="${ink}"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${screenW}" height="${screenH}">
    <rect width="${screenW}" height="${screenH}" fill="${background}"/>
    <rect width="${screenW}" height="60" fill="${bar}"/><rect x="24" y="18" width="70" height="24" fill="${ink}"/>${icons(18, 3)}
    <rect y="60" width="${screenW}" height="110" fill="${bar}"/><rect x="24" y="100" width="30" height="30" fill="${ink}"/>
    <rect x="${screenW / 2 - 70}" y="100" width="140" height="30" fill="${ink}"/>${icons(103, 2)}
    <rect y="${screenH - 130}" width="${screenW}" height="130" fill="${bar}"/>
    <rect x="120" y="${screenH - 80}" width="36" height="36" fill="${ink}"/><rect x="342" y="${screenH - 80}" width="36" height="36" rx="18" fill="${ink}"/>
    <rect x="564" y="${screenH - 80}" width="36" height="36" fill="${ink}"/></svg>`;
  const image = sharp(Buffer.from(svg)).composite([{ input: shown.data, top, left: Math.floor((screenW - shown.info.width) / 2) }]);
  return next() < 0.5 ? image.png().toBuffer() : image.jpeg({ quality: 75 }).toBuffer();
}

export interface CorpusFigures {
  photos: number;
  alteredCopies: number;
  threshold: number;
  /** Altered copies whose hash is within the threshold of their original's. */
  found: number;
  recall: number;
  recallByAlteration: Record<Alteration, number>;
  /** Pairs of unrelated pictures (copies and originals against other originals) within the threshold. */
  unrelatedPairs: number;
  falseMatchPairs: number;
  falseMatchRate: number;
  /** Photos (originals and copies) with at least one unrelated photo within the threshold: what an agent would be shown wrongly. */
  photosWithFalseMatch: number;
  photoFalseMatchRate: number;
  /** Distances of altered copies to their original: p50, p95, max. */
  distance: { p50: number; p95: number; max: number };
  msPerHash: number;
}

/** Builds a corpus of `photos` originals from `seed` with every alteration of each, hashes all and counts. */
export async function measureCorpus(photos: number, seed = 1, threshold = NEAR_DUPLICATE_DISTANCE): Promise<CorpusFigures> {
  const originals: bigint[] = [];
  const copies: { of: number; alteration: Alteration; hash: bigint }[] = [];
  let hashMs = 0;
  let hashes = 0;
  const timed = async (buffer: Buffer) => {
    const started = performance.now();
    const hash = await perceptualHash(buffer);
    hashMs += performance.now() - started;
    hashes++;
    return hash;
  };
  for (let i = 0; i < photos; i++) {
    const photo = await syntheticPhoto(seed * 100_003 + i);
    originals.push(await timed(photo));
    for (const [k, alteration] of ALTERATIONS.entries()) {
      copies.push({ of: i, alteration, hash: await timed(await alter(photo, alteration, seed * 7_919 + i * 31 + k)) });
    }
  }
  const distances = copies.map((copy) => hamming(copy.hash, originals[copy.of]!));
  const found = distances.filter((d) => d <= threshold).length;
  const recallByAlteration = Object.fromEntries(
    ALTERATIONS.map((alteration) => {
      const mine = copies.flatMap((copy, i) => (copy.alteration === alteration ? [distances[i]!] : []));
      return [alteration, mine.filter((d) => d <= threshold).length / mine.length];
    }),
  ) as Record<Alteration, number>;
  let unrelatedPairs = 0;
  let falseMatchPairs = 0;
  const wrong = new Set<string>();
  const against = (hash: bigint, own: number, key: string) => {
    for (let j = 0; j < originals.length; j++) {
      if (j === own) continue;
      unrelatedPairs++;
      if (hamming(hash, originals[j]!) <= threshold) {
        falseMatchPairs++;
        wrong.add(key);
      }
    }
  };
  originals.forEach((hash, i) => against(hash, i, `o${i}`));
  copies.forEach((copy, i) => against(copy.hash, copy.of, `c${i}`));
  const sorted = [...distances].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    photos,
    alteredCopies: copies.length,
    threshold,
    found,
    recall: found / copies.length,
    recallByAlteration,
    unrelatedPairs,
    falseMatchPairs,
    falseMatchRate: falseMatchPairs / unrelatedPairs,
    photosWithFalseMatch: wrong.size,
    photoFalseMatchRate: wrong.size / (originals.length + copies.length),
    distance: { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0 },
    msPerHash: hashMs / hashes,
  };
}
