import { Repeater, SlidingBuffer } from '@graphql-yoga/subscription';
import { ErrorCode, Role, WORKSPACE_LIMITS } from '@parceldesk/shared';
import type { AuthedContext } from '../common/context.js';
import { DomainError, notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import { selectRows } from '../common/sql.js';
import type { Realtime, RealtimeEvent } from '../realtime/pubsub.js';
import { WorkspaceTopic } from './workspace.topics.js';
import { DeskActivity, type DeskPresence, type DeskPresenceAgent } from './workspace.types.js';

/*
 * Which agents have a case or a support conversation open (issue 17: "客服小李正在查看"). Live state
 * only, never a row: an agent is present while their `deskPresence` subscription runs. Each process
 * holds its own subscribers in memory and announces them over LISTEN/NOTIFY (HERE when one opens
 * and at every heartbeat, LEAVE when the last one of that agent closes); every process keeps what
 * it heard, and an entry not renewed within PRESENCE_TTL_MS lapses (a process that died). A new
 * agent's HERE makes the processes holding others re-announce them at once, so a joiner learns
 * who is there without waiting for a heartbeat. "正在回复" is a HERE with REPLYING that lapses
 * after WORKSPACE_LIMITS.replyingSeconds unless renewed.
 */

export const PRESENCE_HEARTBEAT_MS = 10_000;
export const PRESENCE_TTL_MS = 25_000;
const NAMES_CACHED = 5_000;
/** How long after an agent left through this process their announcements still in flight are ignored. */
const STALE_AFTER_LEAVE_MS = 3_000;

interface Heard {
  displayName: string;
  activity: DeskActivity;
  expiresAt: number;
  replyingUntil: number;
}

interface Target {
  /** Subscribers in this process: agent id → how many of their subscriptions. */
  local: Map<string, number>;
  /** Every agent heard of, in any process. */
  heard: Map<string, Heard>;
  /** Agents who just left through this process: a HERE of theirs still on its way is stale. */
  left: Map<string, number>;
  listeners: Set<() => void>;
  unlisten: () => void;
}

class DeskPresenceHub {
  private readonly targets = new Map<string, Target>();
  private readonly names = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly realtime: Realtime,
    private readonly lookupName: (userId: string) => Promise<string | null>,
  ) {}

  /** Joins `targetId` as `userId`; `onChange` runs on every change; the returned function leaves. */
  join(targetId: string, userId: string, displayName: string, onChange: () => void): () => void {
    const target = this.target(targetId);
    this.names.set(userId, displayName);
    target.local.set(userId, (target.local.get(userId) ?? 0) + 1);
    target.left.delete(userId);
    target.listeners.add(onChange);
    this.hear(target, userId, displayName, DeskActivity.VIEWING);
    void this.announce(targetId, userId, DeskActivity.VIEWING);
    this.startTimer();
    return () => {
      target.listeners.delete(onChange);
      const left = (target.local.get(userId) ?? 1) - 1;
      if (left > 0) target.local.set(userId, left);
      else {
        target.local.delete(userId);
        target.left.set(userId, Date.now());
        if (target.heard.delete(userId)) this.changed(target);
        void this.realtime.publish(WorkspaceTopic.DESK_PRESENCE, targetId, `LEAVE:${userId}`).catch(() => undefined);
      }
      this.dropIfIdle(targetId, target);
    };
  }

  /** The agents on a target other than `viewerId`, replying ones first. */
  agents(targetId: string, viewerId: string): DeskPresenceAgent[] {
    const now = Date.now();
    const target = this.targets.get(targetId);
    if (!target) return [];
    return [...target.heard.entries()]
      .filter(([id, heard]) => id !== viewerId && heard.expiresAt > now)
      .map(([id, heard]) => ({ id, displayName: heard.displayName, activity: heard.replyingUntil > now ? DeskActivity.REPLYING : DeskActivity.VIEWING }))
      .sort((a, b) => Number(b.activity === DeskActivity.REPLYING) - Number(a.activity === DeskActivity.REPLYING) || a.displayName.localeCompare(b.displayName));
  }

  announce(targetId: string, userId: string, activity: DeskActivity): Promise<void> {
    return this.realtime.publish(WorkspaceTopic.DESK_PRESENCE, targetId, `HERE:${userId}:${activity}`).catch(() => undefined);
  }

  stats(): { targets: number } {
    return { targets: this.targets.size };
  }

  private target(targetId: string): Target {
    let target = this.targets.get(targetId);
    if (!target) {
      const created: Target = { local: new Map(), heard: new Map(), left: new Map(), listeners: new Set(), unlisten: () => undefined };
      created.unlisten = this.realtime.listen(WorkspaceTopic.DESK_PRESENCE, targetId, (event) => void this.onEvent(targetId, created, event));
      this.targets.set(targetId, created);
      target = created;
    }
    return target;
  }

  private async onEvent(targetId: string, target: Target, event: RealtimeEvent): Promise<void> {
    const [verb, userId, activity] = event.id.split(':') as ['HERE' | 'LEAVE', string, DeskActivity | undefined];
    if (!userId || !isUuid(userId)) return;
    if (verb === 'LEAVE') {
      // Another process's last subscription of this agent closed; one here still counts.
      if (!target.local.has(userId) && target.heard.delete(userId)) this.changed(target);
      return;
    }
    const leftAt = target.left.get(userId);
    if (leftAt !== undefined && Date.now() - leftAt < STALE_AFTER_LEAVE_MS) return;
    const known = target.heard.has(userId);
    const name = this.names.get(userId) ?? (await this.lookupName(userId));
    if (name === null) return;
    this.remember(userId, name);
    this.hear(target, userId, name, activity === DeskActivity.REPLYING ? DeskActivity.REPLYING : DeskActivity.VIEWING);
    // Someone new: tell them who is here (each agent once, from the process that holds them).
    if (!known) for (const held of target.local.keys()) if (held !== userId) void this.announce(targetId, held, DeskActivity.VIEWING);
  }

  private hear(target: Target, userId: string, displayName: string, activity: DeskActivity): void {
    const now = Date.now();
    const before = target.heard.get(userId);
    const replyingUntil = activity === DeskActivity.REPLYING ? now + WORKSPACE_LIMITS.replyingSeconds * 1000 : (before?.replyingUntil ?? 0);
    target.heard.set(userId, { displayName, activity, expiresAt: now + PRESENCE_TTL_MS, replyingUntil });
    if (!before || (before.replyingUntil > now) !== (replyingUntil > now)) this.changed(target);
    if (activity === DeskActivity.REPLYING) setTimeout(() => this.changed(target), WORKSPACE_LIMITS.replyingSeconds * 1000 + 50).unref();
  }

  private changed(target: Target): void {
    for (const listener of [...target.listeners]) listener();
  }

  private remember(userId: string, name: string): void {
    if (this.names.size >= NAMES_CACHED) this.names.clear();
    this.names.set(userId, name);
  }

  private dropIfIdle(targetId: string, target: Target): void {
    if (target.local.size > 0 || target.listeners.size > 0) return;
    target.unlisten();
    this.targets.delete(targetId);
    if (this.targets.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private startTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.heartbeat(), PRESENCE_HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Renews this process's agents everywhere and lets lapsed ones go. */
  private heartbeat(): void {
    const now = Date.now();
    for (const [targetId, target] of this.targets) {
      for (const userId of target.local.keys()) void this.announce(targetId, userId, DeskActivity.VIEWING);
      for (const [userId, at] of target.left) if (now - at > STALE_AFTER_LEAVE_MS) target.left.delete(userId);
      let lapsed = false;
      for (const [userId, heard] of target.heard) {
        if (heard.expiresAt <= now && !target.local.has(userId)) lapsed = target.heard.delete(userId) || lapsed;
      }
      if (lapsed) this.changed(target);
    }
  }
}

/** One hub per server process (per Realtime), made when first used. */
const hubs = new WeakMap<Realtime, DeskPresenceHub>();

function hubOf(ctx: AuthedContext): DeskPresenceHub {
  let hub = hubs.get(ctx.deps.realtime);
  if (!hub) {
    const db = ctx.db;
    hub = new DeskPresenceHub(ctx.deps.realtime, async (userId) => {
      const [row] = await selectRows<{ displayName: string; role: Role }>(db, 'select display_name, role from users where id = ?', [userId]);
      return row && row.role === Role.AGENT ? row.displayName : null;
    });
    hubs.set(ctx.deps.realtime, hub);
  }
  return hub;
}

/** A case (any, for agents) or a support conversation; anything else is NOT_FOUND. */
async function requireTarget(ctx: AuthedContext, targetId: string): Promise<void> {
  if (ctx.user.role !== Role.AGENT) throw new DomainError(ErrorCode.FORBIDDEN, 'Agents only');
  if (!isUuid(targetId)) throw notFound('Case or conversation');
  const [row] = await selectRows<{ found: number }>(
    ctx.db,
    `select 1 as found from complaints where id = ? union all select 1 from threads where id = ? and kind = 'SUPPORT' limit 1`,
    [targetId, targetId],
  );
  if (!row) throw notFound('Case or conversation');
}

/** While this runs the agent is shown on the target to the other agents; it yields who else is there. */
export async function followDeskPresence(ctx: AuthedContext, targetId: string): Promise<AsyncIterable<DeskPresence>> {
  await requireTarget(ctx, targetId);
  const hub = hubOf(ctx);
  const viewer = ctx.user;
  return new Repeater<DeskPresence>(async (push, stop) => {
    const send = () => void push({ targetId, agents: hub.agents(targetId, viewer.id) });
    const leave = hub.join(targetId, viewer.id, viewer.displayName, send);
    send();
    await stop;
    leave();
  }, new SlidingBuffer(8));
}

/** "正在回复": renewed by the composer while the agent types; lapses by itself. */
export async function setDeskActivity(ctx: AuthedContext, targetId: string, activity: DeskActivity): Promise<boolean> {
  await requireTarget(ctx, targetId);
  await hubOf(ctx).announce(targetId, ctx.user.id, activity);
  return true;
}

/** For tests: how many targets this process tracks (0 once every subscription has left). */
export function deskPresenceStats(ctx: Pick<AuthedContext, 'deps'>): { targets: number } {
  return hubs.get(ctx.deps.realtime)?.stats() ?? { targets: 0 };
}
