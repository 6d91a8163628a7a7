import type { AuthedContext, CoreDeps } from '../common/context.js';
import type { BackgroundTasks } from '../common/background.js';
import type { OutboxWorker } from '../notifications/outbox.worker.js';
import type { Presence } from '../realtime/presence.js';
import type { ChatLimiter } from './chat.limiter.js';
import type { ChatPhotos } from './chat-photos.js';

/** What chat/ needs from the process beyond the core. */
export interface ChatDeps extends CoreDeps {
  chatLimiter: ChatLimiter;
  /** Work that runs after an answer (offline chat notifications). */
  chatTasks: BackgroundTasks;
  /** Photo messages' uploads (provided by complaints/, whose pipeline they go through). */
  chatPhotos: ChatPhotos;
  /** Who is online anywhere: offline recipients are notified. */
  presence: Presence;
  outbox: OutboxWorker;
}

export type ChatContext = AuthedContext<ChatDeps>;
