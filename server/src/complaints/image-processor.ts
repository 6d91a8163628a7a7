import { COMPLAINT_LIMITS, ErrorCode } from '@parceldesk/shared';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import PQueue from 'p-queue';
import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import { DomainError } from '../common/errors.js';
import { photoFacts, type PhotoFacts } from '../trust/phash.js';

// libvips' own cache keeps decoded images around between requests; uploads never repeat.
sharp.cache(false);

/** Formats we take, by what sharp reads from the bytes (never the name or the header). */
const OUTPUT: Record<string, { mimeType: string; encode: (image: Sharp) => Sharp }> = {
  jpeg: { mimeType: 'image/jpeg', encode: (image) => image.jpeg({ quality: 85 }) },
  png: { mimeType: 'image/png', encode: (image) => image.png({ compressionLevel: 7 }) },
  webp: { mimeType: 'image/webp', encode: (image) => image.webp({ quality: 85 }) },
};

export interface ProcessedImage {
  mimeType: string;
  extension: string;
  width: number;
  height: number;
  /** The re-encoded image, written to `<outBase>.<extension>`, its size and its SHA-256 (hex): the bytes stored and served. */
  imageFile: string;
  bytes: number;
  storedSha256: string;
  /** The 320 px WebP thumbnail, written to `<outBase>.thumb.webp`. */
  thumbnailFile: string;
  /** Read from the original before re-encoding drops its metadata: perceptual hash and capture time (null parts: not known). */
  facts: PhotoFacts;
}

/**
 * Image work through one bounded queue per process: a 12-megapixel photo in flight takes
 * 500-600 MB in sharp, so twenty concurrent uploads must wait their turn rather than decode at
 * once. Requests waiting here hold only a scratch file on disk.
 */
export class ImageProcessor {
  private readonly queue: PQueue;

  constructor(concurrency: number) {
    this.queue = new PQueue({ concurrency });
  }

  get pending(): number {
    return this.queue.size + this.queue.pending;
  }

  /** Re-encodes `file` into files next to `outBase` (the caller moves them into the store or removes them). */
  process(file: string, outBase: string): Promise<ProcessedImage> {
    return this.queue.add(() => reencode(file, outBase), { throwOnTimeout: true });
  }

  async idle(): Promise<void> {
    await this.queue.onIdle();
  }
}

async function reencode(file: string, outBase: string): Promise<ProcessedImage> {
  let metadata: Metadata;
  try {
    // Reads the header only: the pixel count is known before anything is decoded. No pixel limit
    // here (libvips' default would refuse a 400-megapixel header as unreadable): ours follows.
    metadata = await sharp(file, { limitInputPixels: false }).metadata();
  } catch {
    throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA, 'Not an image we take: send a JPEG, PNG or WebP photo');
  }
  const output = metadata.format ? OUTPUT[metadata.format] : undefined;
  if (!output) throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA, `Not an image we take (${metadata.format ?? 'unknown'}): send a JPEG, PNG or WebP photo`);
  const pixels = (metadata.width ?? 0) * (metadata.height ?? 0);
  if (pixels > COMPLAINT_LIMITS.evidenceMaxPixels) {
    throw new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `The photo has ${Math.round(pixels / 1e6)} megapixels; at most ${COMPLAINT_LIMITS.evidenceMaxPixels / 1e6} are taken`);
  }
  const options: SharpOptions = { limitInputPixels: COMPLAINT_LIMITS.evidenceMaxPixels, failOn: 'error' };
  const extension = metadata.format === 'jpeg' ? 'jpg' : metadata.format!;
  const imageFile = `${outBase}.${extension}`;
  const thumbnailFile = `${outBase}.thumb.webp`;
  try {
    // rotate() applies the EXIF orientation; sharp writes no metadata unless asked, so EXIF, GPS
    // and ICC comments of the original are gone from what we keep. Straight to files: libvips
    // writes them from its own thread, and no 4 MB buffer passes through the JS heap (measured by
    // the upload bench: about a sixth of the server's CPU per photo went to GC and buffer writes).
    const info = await output.encode(sharp(file, options).rotate()).toFile(imageFile);
    await sharp(file, options)
      .rotate()
      .resize(COMPLAINT_LIMITS.thumbnailPx, COMPLAINT_LIMITS.thumbnailPx, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toFile(thumbnailFile);
    // The capture time from the original's EXIF (read above, before re-encoding dropped it); the
    // perceptual hash from the thumbnail just written: the same picture for the hash (it works on
    // 160 px anyway), without decoding the original a third time. Never refuses the photo.
    const facts = await photoFacts(thumbnailFile, metadata.exif ?? Buffer.alloc(0));
    return { mimeType: output.mimeType, extension, width: info.width, height: info.height, imageFile, bytes: info.size, storedSha256: await sha256Of(imageFile), thumbnailFile, facts };
  } catch (error) {
    await Promise.all([imageFile, thumbnailFile].map((out) => fs.promises.rm(out, { force: true }).catch(() => undefined)));
    if (error instanceof DomainError) throw error;
    throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA, 'The image could not be read: it may be damaged');
  }
}

/** The SHA-256 of a file, hex, read as a stream (a photo never passes whole through the heap). */
async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  // Large reads: a 2 MB photo in two reads rather than 32 (each read is a round through the thread pool).
  await pipeline(fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), hash);
  return hash.digest('hex');
}
