import type { Config } from '../config.js';
import { LocalBlobStore, type BlobStore } from './blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

/** S3_BUCKET set: the S3-compatible store; otherwise the local directory under DATA_DIR. */
export function createBlobStore(config: Pick<Config, 's3' | 'dataDir'>): BlobStore {
  return config.s3 ? new S3BlobStore(config.s3, config.dataDir) : new LocalBlobStore(config.dataDir);
}
