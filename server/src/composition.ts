import type { Logger } from 'pino';
import type { AccountDeps } from './accounts/account.deps.js';
import { LoginLimiter } from './accounts/login-limiter.js';
import { ChatLimiter } from './chat/chat.limiter.js';
import type { ChatDeps } from './chat/chat.deps.js';
import { CHAT_SOCKET_MUTATIONS } from './chat/chat.resolver.js';
import { courierThreadSystemMessages } from './chat/system-messages.js';
import { BackgroundTasks } from './common/background.js';
import { RequestBudget } from './common/request-budget.js';
import { evidenceChatPhotos } from './complaints/chat-photos.js';
import { autoDecideJob } from './complaints/auto-decision.service.js';
import { autoCloseComplaintsJob, overdueComplaintsJob } from './complaints/complaint.jobs.js';
import type { ComplaintDeps } from './complaints/complaint.deps.js';
import { sweepUnattachedEvidenceJob } from './complaints/evidence.jobs.js';
import { evidenceRoutes } from './complaints/evidence.routes.js';
import { ImageProcessor } from './complaints/image-processor.js';
import { UploadQuota } from './complaints/upload-quota.js';
import type { Config } from './config.js';
import type { Orm } from './db/orm.js';
import { OutboxWorker } from './notifications/outbox.worker.js';
import { InAppSender, LoggingSmsSender } from './notifications/senders.js';
import { TencentSmsSender } from './notifications/tencent-sms.sender.js';
import { LiveHub } from './realtime/live.js';
import { Presence } from './realtime/presence.js';
import { Realtime } from './realtime/pubsub.js';
import { canViewReviewPhoto } from './reviews/review.access.js';
import type { ReviewDeps } from './reviews/review.deps.js';
import { Scheduler } from './scheduler/scheduler.js';
import type { ShipmentDeps } from './shipments/shipment.deps.js';
import { ShipmentEvents } from './shipments/shipment.events.js';
import type { WorkspaceDeps } from './workspace/workspace.deps.js';
import type { BlobStore } from './storage/blob-store.js';
import { createBlobStore } from './storage/create-blob-store.js';
import { SharedCounters } from './common/shared-counters.js';
import { sweepExpiredCountersJob } from './common/limits.jobs.js';
import type express from 'express';

/**
 * The composition root: the one place that knows every feature. Each feature declares what it needs
 * (its *.deps.ts); the process's parts are all of them together, made and stopped here. Adding a
 * feature touches this file and the feature, never common/.
 */
export type AppDeps = AccountDeps &
  ShipmentDeps &
  ChatDeps &
  ComplaintDeps &
  ReviewDeps &
  WorkspaceDeps & {
    /** Per-user budget of GraphQL work; HTTP charges it in a plugin, the WebSocket too. */
    requestBudget: RequestBudget;
    store: BlobStore;
    /** Recurring jobs claimed through the database (auto-close, upload sweep). */
    scheduler: Scheduler;
  };

export interface AppParts {
  deps: AppDeps;
  /** Root mutation fields served over the WebSocket as well as HTTP. */
  socketMutations: ReadonlySet<string>;
  /** Express routes beside /graphql (multipart uploads and the files they serve). */
  routes: express.Router[];
  /** Photos waiting for or in image work (the metrics). */
  imageQueueDepth(): number;
  /** Stops the background parts, the last to stop first; the transports are stopped before. */
  stop(): Promise<void>;
}

export async function composeParts(options: { config: Config; logger: Logger; orm: Orm; databaseUrl: string }): Promise<AppParts> {
  const { config, logger, orm } = options;
  // A misconfigured store fails the start here (BlobStoreMisconfigured), not at the first upload.
  const store = createBlobStore(config);
  await store.check();
  const execute = (sql: string, params: unknown[]) => orm.em.getConnection().execute(sql, params);
  // Limits count in PostgreSQL, so that N processes enforce the limits of one.
  const counters = new SharedCounters(execute);
  const requestBudget = new RequestBudget(config.requestBudget, counters, logger);
  const chatLimiter = new ChatLimiter(config.chatRate, counters, logger);
  const realtime = new Realtime(options.databaseUrl, logger, execute, config.live.listenReconnectMs);
  await realtime.start();
  const outbox = new OutboxWorker(orm, [new InAppSender(realtime), config.sms ? new TencentSmsSender(config.sms) : new LoggingSmsSender(logger)], logger);
  outbox.start();
  const images = new ImageProcessor(config.complaints.imageConcurrency);
  const scheduler = new Scheduler(orm, logger, [sweepUnattachedEvidenceJob(store), autoCloseComplaintsJob(realtime), overdueComplaintsJob(realtime), autoDecideJob(realtime, config.complaints.autoDecision), sweepExpiredCountersJob], config.complaints.jobTickMs);
  const presence = new Presence(execute, logger);
  presence.start();
  const shipmentEvents = new ShipmentEvents(logger);
  // chat/ may use shipments/, not the reverse: the courier thread listens to parcel changes.
  shipmentEvents.on(courierThreadSystemMessages(orm));
  const deps: AppDeps = {
    config,
    logger,
    realtime,
    live: new LiveHub(realtime, () => orm.em.fork(), logger),
    outbox,
    loginLimiter: new LoginLimiter(config.loginRate, counters),
    requestBudget,
    presence,
    shipmentEvents,
    chatLimiter,
    chatTasks: new BackgroundTasks(),
    chatPhotos: evidenceChatPhotos,
    store,
    scheduler,
  };
  await scheduler.start();
  return {
    deps,
    socketMutations: CHAT_SOCKET_MUTATIONS,
    routes: [
      evidenceRoutes({ orm, store, images, logger, quota: new UploadQuota(() => orm.em.fork(), config.complaints.dailyUploadQuota), alsoVisibleTo: canViewReviewPhoto }),
    ],
    imageQueueDepth: () => images.pending,
    async stop() {
      deps.chatTasks.cancelLater();
      await deps.chatTasks.idle();
      await presence.stop();
      await outbox.stop();
      await scheduler.stop();
      await images.idle();
      await requestBudget.stop();
      await chatLimiter.stop();
      await realtime.stop();
    },
  };
}
