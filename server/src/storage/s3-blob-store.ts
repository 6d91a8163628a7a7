import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { BlobStoreMisconfigured, BlobStoreUnavailable, checkKey, type BlobStore, type OpenedBlob } from './blob-store.js';

export interface S3Config {
  bucket: string;
  /** Unset: AWS's own endpoint for the region. MinIO, Ceph, OSS, COS...: their URL. */
  endpoint: string | undefined;
  region: string;
  /** Unset: the SDK's default chain (environment, profile, instance role). */
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  /** `host/bucket/key` instead of `bucket.host/key` (MinIO and most self-hosted stores need it). */
  forcePathStyle: boolean;
  /** Prepended to every key (several deployments in one bucket). */
  prefix: string;
}

/** Files at least this large go up in parts (lib-storage's multipart upload); smaller in one PUT. */
const PART_BYTES = 8 * 1024 * 1024;

/**
 * Blobs in an S3-compatible bucket: uploads stream from the scratch file (multipart past 8 MB),
 * reads stream from the bucket through the server, under the same access rules as the local
 * directory (evidence.routes.ts). An unreachable store raises BlobStoreUnavailable, which uploads
 * answer with 503 and Retry-After; nothing already stored is touched.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly scratchDir: string;

  constructor(
    private readonly config: S3Config,
    dataDir: string,
  ) {
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: config.accessKeyId && config.secretAccessKey ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } : undefined,
      // The SDK's default CRC checksums send streamed bodies aws-chunked, which many S3-compatible
      // stores (s3rver, older MinIO, some clouds' S3 layers) store framing and all: only when required.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // Fail fast when the store is down: an upload is answered 503 rather than held for minutes.
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 3000, requestTimeout: 30_000 },
    });
    // Uploads are streamed to a local scratch file first (hashing, image work), as with the disk store.
    this.scratchDir = path.join(dataDir, 'tmp');
    fs.mkdirSync(this.scratchDir, { recursive: true });
  }

  private objectKey(key: string): string {
    return `${this.config.prefix}${checkKey(key)}`;
  }

  describe(): string {
    return `S3 bucket "${this.config.bucket}"${this.config.endpoint ? ` at ${this.config.endpoint}` : ` in ${this.config.region}`}`;
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }));
    } catch (error) {
      throw new BlobStoreMisconfigured(`blob store: ${this.describe()} is not usable: ${reason(error)} (check S3_ENDPOINT, S3_BUCKET, S3_REGION and the credentials)`);
    }
  }

  async put(key: string, data: Buffer): Promise<void> {
    await this.guard(() => this.client.send(new PutObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key), Body: data, ContentLength: data.length })));
  }

  async putFile(key: string, file: string): Promise<void> {
    const { size } = await fs.promises.stat(file);
    await this.guard(async () => {
      if (size < PART_BYTES) {
        await this.client.send(new PutObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key), Body: fs.createReadStream(file), ContentLength: size }));
      } else {
        const upload = new Upload({
          client: this.client,
          params: { Bucket: this.config.bucket, Key: this.objectKey(key), Body: fs.createReadStream(file) },
          partSize: PART_BYTES,
          queueSize: 2,
          leavePartsOnError: false,
        });
        await upload.done();
      }
    });
    await fs.promises.rm(file, { force: true });
  }

  async open(key: string): Promise<OpenedBlob | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }));
      return { stream: object.Body as Readable, bytes: Number(object.ContentLength ?? 0) };
    } catch (error) {
      if (error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404)) return null;
      throw unavailable(error);
    }
  }

  async delete(key: string): Promise<void> {
    await this.guard(() => this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) })));
  }

  scratchPath(name: string): string {
    return path.join(this.scratchDir, name);
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw unavailable(error);
    }
  }
}

function reason(error: unknown): string {
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode;
    if (status === 404) return 'the bucket does not exist';
    if (status === 403) return 'access denied';
    return `${error.name}${status ? ` (HTTP ${status})` : ''}`;
  }
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? (error as Error).message ?? String(error);
}

/** Any failure of the store (refused connection, timeout, 5xx) as BlobStoreUnavailable. */
function unavailable(error: unknown): BlobStoreUnavailable {
  if (error instanceof BlobStoreUnavailable) return error;
  return new BlobStoreUnavailable(reason(error), { cause: error });
}
