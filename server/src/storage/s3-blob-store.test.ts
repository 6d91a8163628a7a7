import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from '../test/s3.js';
import { BlobStoreMisconfigured } from './blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

let s3: LocalS3;
let dataDir: string;

beforeAll(async () => {
  s3 = await startLocalS3();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parceldesk-s3-store-'));
});
afterAll(async () => {
  await s3.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('S3BlobStore', () => {
  it('streams a large file up in parts and back, and deletes it', async () => {
    const store = new S3BlobStore(s3.config, dataDir);
    const file = store.scratchPath('big.upload');
    // 9 MB of hex text: past the 8 MB part size, so lib-storage sends a multipart upload.
    const content = randomBytes(4.5 * 1024 * 1024).toString('hex');
    fs.writeFileSync(file, content);
    const key = `evidence/${randomUUID()}.jpg`;
    await store.putFile(key, file);
    expect(fs.existsSync(file)).toBe(false);
    const opened = await store.open(key);
    expect(opened!.bytes).toBe(content.length);
    expect(await text(opened!.stream)).toBe(content);
    await store.delete(key);
    expect(await store.open(key)).toBeNull();
  });

  it('fails the start with one clear line for a missing bucket or an unreachable endpoint', async () => {
    const missing = new S3BlobStore({ ...s3.config, bucket: 'no-such-bucket' }, dataDir);
    await expect(missing.check()).rejects.toThrow(BlobStoreMisconfigured);
    await expect(missing.check()).rejects.toThrow(/^blob store: S3 bucket "no-such-bucket" at http:\/\/127\.0\.0\.1:\d+ is not usable: the bucket does not exist \(check S3_ENDPOINT/);
    // A port nobody listens on (the test server's, once stopped).
    const down = await startLocalS3();
    await down.close();
    const unreachable = new S3BlobStore(down.config, dataDir);
    await expect(unreachable.check()).rejects.toThrow(/^blob store: S3 bucket "parceldesk-test" at http:\/\/127\.0\.0\.1:\d+ is not usable: ECONNREFUSED/);
    expect((await new S3BlobStore(s3.config, dataDir).check()) ?? 'ok').toBe('ok');
  });
});
