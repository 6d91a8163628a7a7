import { ErrorCode } from '@parceldesk/shared';
import { GraphQLError } from 'graphql';
import { DomainError } from '../common/errors.js';

/**
 * Close codes of the live socket besides graphql-ws's own (4400-4499). The web client
 * (web/src/shared/graphql/subscriptions.ts) knows each of them.
 */
export const LiveCloseCode = {
  /** Reconnect and refetch: events may have been missed (after a LISTEN reconnect). Mirrors 1012. */
  Resync: 4012,
  /** This user has too many sockets open (in all processes); retry later. Mirrors 1013. */
  TooManySockets: 4013,
  /** The session could not be checked now (database unreachable); retry later. */
  TryAgainLater: 1013,
  /** The session ended (logout, expiry): graphql-ws's Forbidden. */
  Forbidden: 4403,
} as const;

export interface LiveLimits {
  /** Open sockets per user in one server process. */
  socketsPerUser: number;
  /** Subscriptions running at once on one socket. */
  subscriptionsPerSocket: number;
}

interface ClosableSocket {
  close(code: number, reason: string): void;
}

interface Entry {
  userId: string;
  sessionId: string;
  timers: Set<NodeJS.Timeout>;
}

/**
 * The authenticated sockets of one process: caps sockets per user, finds a session's sockets for
 * logout and the post-reconnect session re-check, and owns each socket's timers so that
 * releasing a socket clears them. A socket is admitted only while it is still open (the caller
 * checks after its session lookup) and released exactly once, on close.
 */
export class LiveSockets<S extends ClosableSocket> {
  private readonly entries = new Map<S, Entry>();
  private readonly byUser = new Map<string, Set<S>>();

  constructor(private readonly limits: LiveLimits) {}

  /** Registers a socket for its user; false when the user already has the maximum open. */
  admit(socket: S, userId: string, sessionId: string): boolean {
    const mine = this.byUser.get(userId) ?? new Set<S>();
    if (mine.size >= this.limits.socketsPerUser) return false;
    mine.add(socket);
    this.byUser.set(userId, mine);
    this.entries.set(socket, { userId, sessionId, timers: new Set() });
    return true;
  }

  /** Runs `action` after `ms` unless the socket is released first. */
  timer(socket: S, ms: number, action: () => void): void {
    const entry = this.entries.get(socket);
    if (!entry) return;
    const timer = setTimeout(() => {
      entry.timers.delete(timer);
      action();
    }, Math.min(Math.max(ms, 0), 2 ** 31 - 1));
    entry.timers.add(timer);
  }

  release(socket: S): void {
    const entry = this.entries.get(socket);
    if (!entry) return;
    for (const timer of entry.timers) clearTimeout(timer);
    this.entries.delete(socket);
    const mine = this.byUser.get(entry.userId);
    mine?.delete(socket);
    if (mine?.size === 0) this.byUser.delete(entry.userId);
  }

  /** Closes every socket of this session (its registration goes when the close completes). */
  closeSession(sessionId: string, code: number, reason: string): void {
    for (const [socket, entry] of this.entries) if (entry.sessionId === sessionId) socket.close(code, reason);
  }

  sessionIds(): string[] {
    return [...new Set([...this.entries.values()].map((entry) => entry.sessionId))];
  }

  /** Closes every socket: those of a session not in `active` with Forbidden, the others with `code`. */
  closeAll(active: Set<string>, code: number, reason: string): void {
    for (const [socket, entry] of [...this.entries]) {
      if (active.has(entry.sessionId)) socket.close(code, reason);
      else socket.close(LiveCloseCode.Forbidden, 'Session ended');
    }
  }

  stats(): { sockets: number; users: number; timers: number } {
    let timers = 0;
    for (const entry of this.entries.values()) timers += entry.timers.size;
    return { sockets: this.entries.size, users: this.byUser.size, timers };
  }

  /** The GraphQL error for a subscription over the per-socket cap, or null when it fits. */
  subscriptionRefusal(running: number): GraphQLError | null {
    if (running <= this.limits.subscriptionsPerSocket) return null;
    const message = `Too many subscriptions on this connection: at most ${this.limits.subscriptionsPerSocket} at once`;
    // Wrapped like a resolver's error, so the one error mapping (common/errors.ts) gives it its code.
    return new GraphQLError(message, {
      originalError: new DomainError(ErrorCode.RATE_LIMITED, message, { limit: this.limits.subscriptionsPerSocket }),
    });
  }

  socketRefusalReason(): string {
    return `Too many connections for this user: at most ${this.limits.socketsPerUser}`;
  }
}
