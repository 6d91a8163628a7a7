import type { AuthedContext } from '../common/context.js';
import type { ChatDeps } from '../chat/chat.deps.js';

/** What complaints/ needs from the process: a case's thread is chat's, so chat's parts too. */
export type ComplaintDeps = ChatDeps;

export type ComplaintContext = AuthedContext<ComplaintDeps>;
