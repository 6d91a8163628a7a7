import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

/**
 * Where blobs live. The local directory is the default; an S3-compatible store implements the
 * same four calls (DESIGN §3), so no feature knows which one runs.
 */
export interface BlobStore {
  /** At start: throws an Error with one clear line when the store cannot be used. */
  check(): Promise<void>;
  /** Where blobs go, for the start-up banner and logs. */
  describe(): string;
  put(key: string, data: Buffer): Promise<void>;
  /** Moves a finished local file (a scratch file) into the store under `key`; the file is gone afterwards. */
  putFile(key: string, file: string): Promise<void>;
  /** A stream of the blob, or null when it does not exist. */
  open(key: string): Promise<OpenedBlob | null>;
  delete(key: string): Promise<void>;
  /** A scratch file path for a streaming upload; the caller removes it. */
  scratchPath(name: string): string;
}

export interface OpenedBlob {
  stream: Readable;
  bytes: number;
}

/**
 * The store cannot be reached now (network, timeout, the service failing): uploads answer 503 with
 * Retry-After, and nothing already stored is touched.
 */
export class BlobStoreUnavailable extends Error {
  override readonly name = 'BlobStoreUnavailable';
}

/** The store is misconfigured (no such bucket, endpoint unreachable at start): one line, no stack. */
export class BlobStoreMisconfigured extends Error {
  override readonly name = 'BlobStoreMisconfigured';
}

/** Keys are our own ids (`evidence/<uuid>.jpg`); anything else is refused before touching the store. */
const SAFE_KEY = /^[a-z]+\/[0-9a-f-]{36}(\.[a-z]+)?(\.thumb\.[a-z]+)?$/;

export function checkKey(key: string): string {
  if (!SAFE_KEY.test(key)) throw new Error(`unsafe blob key: ${key}`);
  return key;
}

export class LocalBlobStore implements BlobStore {
  private readonly blobDir: string;
  private readonly scratchDir: string;

  constructor(root: string) {
    this.blobDir = path.join(root, 'blobs');
    this.scratchDir = path.join(root, 'tmp');
    fs.mkdirSync(this.blobDir, { recursive: true });
    fs.mkdirSync(this.scratchDir, { recursive: true });
  }

  private file(key: string): string {
    return path.join(this.blobDir, checkKey(key));
  }

  describe(): string {
    return `directory ${this.blobDir}`;
  }

  async check(): Promise<void> {
    try {
      await fs.promises.access(this.blobDir, fs.constants.W_OK);
    } catch (error) {
      throw new BlobStoreMisconfigured(`blob store: ${this.blobDir} is not writable (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }

  async put(key: string, data: Buffer): Promise<void> {
    const target = this.file(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    // Write then rename, so a reader never sees half a file.
    const partial = `${target}.partial`;
    await fs.promises.writeFile(partial, data);
    await fs.promises.rename(partial, target);
  }

  async putFile(key: string, file: string): Promise<void> {
    const target = this.file(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    // Scratch files live under the same root: a rename, atomic, nothing copied.
    await fs.promises.rename(file, target);
  }

  async open(key: string): Promise<OpenedBlob | null> {
    const target = this.file(key);
    try {
      const stat = await fs.promises.stat(target);
      return { stream: fs.createReadStream(target), bytes: stat.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.file(key), { force: true });
  }

  scratchPath(name: string): string {
    return path.join(this.scratchDir, name);
  }
}

/** Copies a stream into a file (used for scratch files of uploads). */
export async function streamToFile(source: Readable, file: string): Promise<void> {
  await pipeline(source, fs.createWriteStream(file));
}
