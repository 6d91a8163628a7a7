import { COMPLAINT_LIMITS, COURIER_PHOTO_KINDS, ErrorCode, EVIDENCE_KINDS, Role, type EvidenceKind } from '@parceldesk/shared';
import busboy from 'busboy';
import { parseCookie } from 'cookie';
import express, { type Request, type Response } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import { findActiveSession } from '../accounts/account.service.js';
import type { SessionUser } from '../common/session.js';
import { tokenFromHeaders } from '../accounts/session-token.js';
import { User } from '../accounts/user.entity.js';
import { DomainError } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import type { Orm } from '../db/orm.js';
import { BlobStoreUnavailable, type BlobStore } from '../storage/blob-store.js';
import { canViewEvidence } from './complaint.access.js';
import { Evidence } from './evidence.entity.js';
import type { ImageProcessor } from './image-processor.js';
import type { UploadQuota } from './upload-quota.js';

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.UNSUPPORTED_MEDIA]: 415,
  [ErrorCode.RATE_LIMITED]: 429,
};

export interface EvidenceRouteDeps {
  orm: Orm;
  store: BlobStore;
  images: ImageProcessor;
  logger: Logger;
  /** The daily photo quota, reserved in PostgreSQL before the image work. */
  quota: UploadQuota;
  /** Other readers a photo may have besides its case's (a review's public photos): asked after the case's rule. */
  alsoVisibleTo?: (em: ReturnType<Orm['em']['fork']>, user: SessionUser, evidence: Evidence) => Promise<boolean>;
}

/** Seconds a client is told to wait when the blob store is unreachable. */
const STORE_RETRY_SECONDS = 5;

/** What one upload route takes: who may upload, which kinds, how many photos a request. */
interface UploadPolicy {
  roles: Role[];
  who: string;
  kinds: readonly EvidenceKind[];
  maxFiles: number;
}

/** Complaint evidence: buyers, tagged photos, up to 9 a request (DESIGN §4). */
const EVIDENCE_POLICY: UploadPolicy = { roles: [Role.BUYER], who: 'Only buyers upload evidence', kinds: EVIDENCE_KINDS, maxFiles: COMPLAINT_LIMITS.evidenceMaxFilesPerRequest };
/**
 * Photo messages: anyone who chats (buyers, couriers, agents), one photo a request, kind OTHER.
 * A sibling route rather than /uploads/evidence itself: that contract is the buyers' tagged
 * evidence; this one shares its pipeline, its image queue and its daily quota (the same rows are
 * counted), so chat cannot be used to go around either.
 */
const CHAT_POLICY: UploadPolicy = { roles: [Role.BUYER, Role.COURIER, Role.AGENT], who: 'Only people who chat send photos', kinds: ['OTHER'], maxFiles: 1 };
/**
 * Courier evidence (issue 20): a SCALE photo at pickup, a DOOR or LOCKER photo at delivery, one a
 * request, through the same pipeline and quota; `attachCourierPhoto` then ties it to the parcel.
 */
const COURIER_POLICY: UploadPolicy = { roles: [Role.COURIER], who: 'Only couriers send parcel photos', kinds: COURIER_PHOTO_KINDS, maxFiles: 1 };

async function sessionUser(orm: Orm, req: Request): Promise<SessionUser | null> {
  const token = tokenFromHeaders({ authorization: req.headers.authorization, cookie: req.headers.cookie }, parseCookie);
  const session = await findActiveSession(orm.em.fork(), token);
  return session?.user ?? null;
}

/**
 * DESIGN §4 uploads: `POST /uploads/evidence?kind=…` (multipart, parts named `file`) and the
 * authorised reads `GET /evidence/:id` and `/evidence/:id/thumb`.
 */
export function evidenceRoutes(deps: EvidenceRouteDeps): express.Router {
  const router = express.Router();
  for (const [path, policy] of [['/uploads/evidence', EVIDENCE_POLICY], ['/uploads/chat', CHAT_POLICY], ['/uploads/courier', COURIER_POLICY]] as const) {
    router.post(path, (req, res) => {
      new EvidenceUpload(deps, policy, req, res).run().catch((error: unknown) => {
        deps.logger.error({ err: error }, 'evidence upload failed');
        if (!res.headersSent) res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Upload failed' } });
      });
    });
  }
  router.get('/evidence/:id', (req, res) => serveEvidence(deps, req, res, 'image'));
  router.get('/evidence/:id/thumb', (req, res) => serveEvidence(deps, req, res, 'thumb'));
  return router;
}

interface ScratchFile {
  path: string;
  written: Promise<string>;
  stream: Readable;
}

/** One upload request: streamed to scratch files (hashing as it goes), then re-encoded in the queue. */
class EvidenceUpload {
  private readonly files: ScratchFile[] = [];
  /** Re-encoded files not yet moved into the store (removed with the scratch files). */
  private readonly outputs: string[] = [];
  private readonly moved = new Set<string>();
  private failed = false;
  private parser: busboy.Busboy | null = null;

  constructor(
    private readonly deps: EvidenceRouteDeps,
    private readonly policy: UploadPolicy,
    private readonly req: Request,
    private readonly res: Response,
  ) {}

  async run(): Promise<void> {
    const { req } = this;
    const user = await sessionUser(this.deps.orm, req);
    if (!user) return this.fail(ErrorCode.UNAUTHENTICATED, 'Sign in first');
    // The CSRF rule of multipart GraphQL: a cross-site form cannot set a custom header.
    if (!req.headers['apollo-require-preflight']) {
      return this.fail('BAD_REQUEST', 'Send the header apollo-require-preflight: true', 400);
    }
    if (!this.policy.roles.includes(user.role)) return this.fail(ErrorCode.FORBIDDEN, this.policy.who);
    const kind = String(req.query.kind ?? 'OTHER') as EvidenceKind;
    if (!this.policy.kinds.includes(kind)) return this.fail(ErrorCode.BAD_USER_INPUT, `kind must be one of ${this.policy.kinds.join(', ')}`);
    if (!req.headers['content-type']?.startsWith('multipart/form-data')) return this.fail(ErrorCode.UNSUPPORTED_MEDIA, 'Send multipart/form-data with parts named file');
    const declared = Number(req.headers['content-length']);
    const maxRequest = COMPLAINT_LIMITS.evidenceMaxBytes * this.policy.maxFiles + 64 * 1024;
    if (Number.isFinite(declared) && declared > maxRequest) return this.fail(ErrorCode.PAYLOAD_TOO_LARGE, `At most ${this.policy.maxFiles} photo(s) of 10 MB each`);

    // An early refusal before reading any body; the places are taken atomically in store().
    const remaining = await this.deps.quota.remaining(user.id);
    if (remaining <= 0) return this.fail(ErrorCode.RATE_LIMITED, `At most ${this.deps.quota.perDay} photos a day`);

    const parsed = await this.receive(remaining);
    if (!parsed) return;
    if (this.files.length === 0) return this.fail(ErrorCode.BAD_USER_INPUT, 'Send at least one photo in a part named file');
    await this.store(user, kind);
  }

  /** Streams the parts to scratch files; false when the request was refused on the way. */
  private receive(remaining: number): Promise<boolean> {
    const { req } = this;
    return new Promise<boolean>((resolve) => {
      const parser = busboy({
        headers: req.headers,
        limits: { fileSize: COMPLAINT_LIMITS.evidenceMaxBytes, files: this.policy.maxFiles, fields: 10, parts: this.policy.maxFiles + 10 },
      });
      this.parser = parser;
      const refuse = (code: string, message: string) => {
        this.fail(code, message);
        resolve(false);
      };
      parser.on('file', (name, stream) => {
        if (this.failed || name !== 'file') {
          stream.resume();
          return;
        }
        if (this.files.length >= remaining) {
          stream.resume();
          refuse(ErrorCode.RATE_LIMITED, `At most ${this.deps.quota.perDay} photos a day`);
          return;
        }
        stream.on('limit', () => refuse(ErrorCode.PAYLOAD_TOO_LARGE, `Each photo must be at most ${COMPLAINT_LIMITS.evidenceMaxBytes / 1024 / 1024} MB`));
        const path = this.deps.store.scratchPath(`${randomUUID()}.upload`);
        const hash = createHash('sha256');
        const hashing = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            hash.update(chunk);
            callback(null, chunk);
          },
        });
        const written = pipeline(stream, hashing, fs.createWriteStream(path)).then(() => hash.digest('hex'));
        written.catch(() => undefined);
        this.files.push({ path, written, stream });
      });
      parser.on('filesLimit', () => refuse(ErrorCode.PAYLOAD_TOO_LARGE, `At most ${this.policy.maxFiles} photo(s) a request`));
      parser.on('error', () => refuse(ErrorCode.BAD_USER_INPUT, 'The multipart body could not be read'));
      parser.on('close', () => resolve(!this.failed));
      req.on('aborted', () => {
        this.failed = true;
        void this.cleanup();
        resolve(false);
      });
      req.pipe(parser);
    });
  }

  private async store(user: SessionUser, kind: EvidenceKind): Promise<void> {
    const { images, store, orm, quota } = this.deps;
    const written: string[] = [];
    let reservation: string | null = null;
    try {
      const hashes = await Promise.all(this.files.map((file) => file.written));
      // Before any image work: the request's places in the daily quota, taken atomically.
      try {
        reservation = await quota.reserve(user.id, this.files.length);
      } catch (error) {
        if (error instanceof DomainError) return this.fail(error.code, error.message);
        throw error;
      }
      // Every photo goes through the queue; one bad photo refuses the request and nothing is kept.
      const results = await Promise.allSettled(this.files.map((file) => images.process(file.path, `${file.path}.out`)));
      for (const result of results) if (result.status === 'fulfilled') this.outputs.push(result.value.imageFile, result.value.thumbnailFile);
      const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (refused) {
        // Scratch files gone and places given back before the answer: a retry finds both.
        await this.cleanup();
        await this.release(reservation);
        reservation = null;
        const error = refused.reason as unknown;
        if (error instanceof DomainError) return this.fail(error.code, error.message);
        throw error;
      }
      const em = orm.em.fork();
      const rows: Evidence[] = [];
      for (const [index, result] of results.entries()) {
        const image = (result as PromiseFulfilledResult<Awaited<ReturnType<ImageProcessor['process']>>>).value;
        const id = randomUUID();
        const blobKey = `evidence/${id}.${image.extension}`;
        const thumbKey = `evidence/${id}.thumb.webp`;
        await store.putFile(blobKey, image.imageFile);
        written.push(blobKey);
        await store.putFile(thumbKey, image.thumbnailFile);
        written.push(thumbKey);
        // Moved into the store (or uploaded and removed): nothing of these is left to clean up.
        this.moved.add(image.imageFile).add(image.thumbnailFile);
        rows.push(new Evidence({ id, uploader: em.getReference(User, user.id), kind, mimeType: image.mimeType, bytes: image.bytes, width: image.width, height: image.height, sha256: hashes[index]!, storedSha256: image.storedSha256, blobKey, thumbKey, facts: image.facts }));
      }
      em.persist(rows);
      // The reservation ends in the flush that stores the photos: they count from now on.
      quota.commit(em, reservation);
      await em.flush();
      reservation = null;
      written.length = 0;
      this.res.status(201).json({
        evidence: rows.map((e) => ({ id: e.id, kind: e.kind, mimeType: e.mimeType, bytes: e.bytes, width: e.width, height: e.height, sha256: e.sha256, storedSha256: e.storedSha256, reuseChecked: e.reuseChecked, url: e.url, thumbnailUrl: e.thumbnailUrl })),
      });
    } catch (error) {
      if (!(error instanceof BlobStoreUnavailable)) throw error;
      // The store is down: nothing of this request is kept (finally), nothing stored before is
      // touched, and the client is told to send it again shortly.
      this.deps.logger.warn({ err: error }, 'blob store unavailable during an upload');
      await this.cleanup();
      await this.release(reservation);
      reservation = null;
      if (!this.res.headersSent) this.res.setHeader('retry-after', String(STORE_RETRY_SECONDS));
      this.fail('SERVICE_UNAVAILABLE', `The photo store cannot be reached; send the photos again in ${STORE_RETRY_SECONDS} s`, 503);
    } finally {
      // Blobs of a request that did not commit are removed: no orphans.
      await Promise.all(written.map((key) => store.delete(key).catch(() => undefined)));
      // A request that stored nothing gives its places back.
      await this.release(reservation);
      await this.cleanup();
    }
  }

  /**
   * Answers an error once. The rest of a body still on its way is read and dropped, so that a
   * client that reads the answer only once it has sent its body (fetch, most HTTP libraries) gets
   * the status: closing at once would reset the connection and lose the answer with it. A client
   * that sends more than DRAIN_BYTES after the refusal, or for longer than DRAIN_MS, is cut off
   * once the answer is out (a body of gigabytes is never read to the end).
   */
  private fail(code: string, message: string, status = STATUS[code] ?? 400): void {
    const { req, res } = this;
    const stillReading = !req.complete;
    this.failed = true;
    if (this.parser) req.unpipe(this.parser);
    for (const file of this.files) file.stream.destroy();
    void this.cleanup();
    if (res.headersSent) return;
    res.status(status).json({ error: { code, message } });
    if (stillReading) drainThenCut(req, res);
  }

  private async release(reservation: string | null): Promise<void> {
    if (!reservation) return;
    await this.deps.quota.release(reservation).catch((error: unknown) => this.deps.logger.warn({ err: error }, 'upload reservation not released; it expires'));
  }

  private async cleanup(): Promise<void> {
    const paths = [...this.files.map((file) => file.path), ...this.outputs].filter((file) => !this.moved.has(file));
    await Promise.all(paths.map((file) => fs.promises.rm(file, { force: true }).catch(() => undefined)));
  }
}

async function serveEvidence(deps: EvidenceRouteDeps, req: Request, res: Response, variant: 'image' | 'thumb'): Promise<void> {
  const notFound = () => res.status(404).json({ error: { code: ErrorCode.NOT_FOUND, message: 'Evidence not found' } });
  try {
    const user = await sessionUser(deps.orm, req);
    const id = String(req.params.id);
    if (!user || !isUuid(id)) return void notFound();
    const em = deps.orm.em.fork();
    const evidence = await em.findOne(Evidence, id, { populate: ['complaint.order', 'shipment.order'] });
    const visible = evidence && ((await canViewEvidence(em, user, evidence)) || (await deps.alsoVisibleTo?.(em, user, evidence)));
    if (!evidence || !visible) return void notFound();
    let blob;
    try {
      blob = await deps.store.open(variant === 'image' ? evidence.blobKey : evidence.thumbKey);
    } catch (error) {
      if (!(error instanceof BlobStoreUnavailable)) throw error;
      res.setHeader('retry-after', String(STORE_RETRY_SECONDS));
      return void res.status(503).json({ error: { code: 'SERVICE_UNAVAILABLE', message: 'The photo store cannot be reached; try again shortly' } });
    }
    if (!blob) return void notFound();
    res.setHeader('content-type', variant === 'image' ? evidence.mimeType : 'image/webp');
    res.setHeader('content-length', String(blob.bytes));
    // Private: a shared cache must never hand one buyer's photo to someone else.
    res.setHeader('cache-control', 'private, max-age=3600');
    res.setHeader('vary', 'cookie, authorization');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('content-disposition', 'inline');
    await pipeline(blob.stream, res);
  } catch (error) {
    deps.logger.error({ err: error }, 'serving evidence failed');
    if (!res.headersSent) res.status(500).end();
  }
}

/** How much of a refused request's body is read and dropped, and for how long, before the connection is cut. */
const DRAIN_BYTES = 16 * 1024 * 1024;
const DRAIN_MS = 10_000;

/** Reads the rest of a refused request's body into nothing, within DRAIN_BYTES and DRAIN_MS; beyond, cuts the connection once the answer is out. */
function drainThenCut(req: Request, res: Response): void {
  let drained = 0;
  const cut = () => {
    clearTimeout(timer);
    req.removeListener('data', count);
    if (res.writableFinished) req.socket.destroy();
    else res.once('finish', () => req.socket.destroy());
  };
  const count = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_BYTES) cut();
  };
  const timer = setTimeout(cut, DRAIN_MS);
  timer.unref();
  req.on('data', count);
  req.once('end', () => clearTimeout(timer));
  req.resume();
}
