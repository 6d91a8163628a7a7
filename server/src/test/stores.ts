import fs from 'node:fs';
import path from 'node:path';
import type { S3Config } from '../storage/s3-blob-store.js';
import { startLocalS3, type LocalS3 } from './s3.js';

export type StoreKind = 'local' | 's3';

/** The blob store a suite runs against: the local directory, or a local S3 server it starts. */
export interface TestStore {
  /** Config.s3 for createTestApp (null: the local directory). */
  s3: S3Config | null;
  /** The file names of the stored evidence blobs. */
  blobFiles(dataDir: string): Promise<string[]>;
  /** The S3 server, to stop and start it (null for the local store). */
  server: LocalS3 | null;
  close(): Promise<void>;
}

export async function testStore(kind: StoreKind): Promise<TestStore> {
  if (kind === 'local') {
    return {
      s3: null,
      server: null,
      async blobFiles(dataDir) {
        const dir = path.join(dataDir, 'blobs', 'evidence');
        return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
      },
      async close() {},
    };
  }
  const server = await startLocalS3();
  return {
    s3: server.config,
    server,
    async blobFiles() {
      return (await server.list('evidence/')).map((key) => path.basename(key));
    },
    close: () => server.close(),
  };
}
