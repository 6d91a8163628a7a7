import type { EntityManager } from '@mikro-orm/postgresql';
import { CHAT_LIMITS, Role, ThreadKind } from '@parceldesk/shared';
import { User } from '../accounts/user.entity.js';
import type { ChatDeps } from './chat.deps.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { queueNotification } from '../notifications/notifier.js';
import { DeliveryChannel } from '../notifications/outbox-message.entity.js';
import type { ThreadAccessRow } from './thread.access.js';

/** Who should hear about a message: the other side (a buyer's support message waits in the queue instead). */
export function recipientsOf(thread: ThreadAccessRow, author: { id: string; role: Role }): string[] {
  if (thread.kind === ThreadKind.COURIER) return [thread.buyerId, thread.courierId].filter((id): id is string => !!id && id !== author.id);
  return author.role === Role.AGENT ? [thread.buyerId] : [];
}

/**
 * Offline reach (issue 6.5): a recipient with no live socket in any process gets one notification
 * per thread per 10 minutes, in-app and, for a courier on the road, by SMS. The 10-minute claim is
 * one conditional upsert, so two processes (or two quick messages) cannot both notify.
 */
export async function reachOffline(
  /** A fresh EntityManager, made only when someone is offline (most messages find both sides online). */
  fork: () => EntityManager,
  deps: Pick<ChatDeps, 'presence' | 'outbox'>,
  thread: ThreadAccessRow & { waybillNo?: string | null },
  author: { id: string; role: Role },
  body: string,
): Promise<string[]> {
  const recipients = recipientsOf(thread, author);
  if (recipients.length === 0) return [];
  const online = await deps.presence.online(recipients);
  const offline = recipients.filter((id) => !online.has(id));
  if (offline.length === 0) return [];
  await notifyOnce(fork(), deps, thread, offline, null, body);
  return offline;
}

/**
 * Reach inside the app (issue 18): a recipient with a live socket who has not read the message
 * `chatRemindMs` after it arrived is elsewhere in the app (an open thread marks each message read
 * as it arrives), e.g. a courier on 我的派件. They get an in-app notification (no SMS: they are
 * online), under the same one-per-thread-per-10-minutes claim, which also checks their read
 * marker in the same statement, so a reader on any device is never notified.
 */
export async function remindUnread(
  fork: () => EntityManager,
  deps: Pick<ChatDeps, 'outbox'>,
  thread: ThreadAccessRow,
  recipients: string[],
  seq: number,
  body: string,
): Promise<string[]> {
  return notifyOnce(fork(), deps, thread, recipients, seq, body);
}

/**
 * The claims this process won, until their 10 minutes are over (less a second, for the clocks):
 * within them the claim statement could only fail, so it is not run. Under a steady chat (issue
 * 18's bench: nobody reads, every message reminds) this saves a statement per message and
 * recipient. Bounded: past CLAIMS_MAX the oldest go (they would only cost a statement again).
 */
const CLAIMS_MAX = 10_000;
const claims = new Map<string, number>();

function claimedHere(threadId: string, userId: string): boolean {
  const key = `${threadId}:${userId}`;
  const until = claims.get(key);
  if (until === undefined) return false;
  if (until > Date.now()) return true;
  claims.delete(key);
  return false;
}

function rememberClaim(threadId: string, userId: string): void {
  claims.set(`${threadId}:${userId}`, Date.now() + CHAT_LIMITS.offlineNotifyMinutes * 60_000 - 1_000);
  if (claims.size > CLAIMS_MAX) claims.delete(claims.keys().next().value!);
}

/** The claim and the notification for each recipient; `unreadSeq`: only if they have not read up to it. */
async function notifyOnce(
  em: EntityManager,
  deps: Pick<ChatDeps, 'outbox'>,
  thread: ThreadAccessRow & { waybillNo?: string | null },
  recipients: string[],
  unreadSeq: number | null,
  body: string,
): Promise<string[]> {
  const notified: string[] = [];
  let waybillNo = thread.waybillNo ?? null;
  for (const userId of recipients) {
    if (claimedHere(thread.id, userId)) continue;
    const claimed = await em.getConnection().execute<{ user_id: string }[]>(
      `insert into thread_reads (thread_id, user_id, last_read_seq, notified_at, updated_at) values (?, ?, 0, now(), now())
        on conflict (thread_id, user_id) do update set notified_at = now()
        where (thread_reads.notified_at is null or thread_reads.notified_at < now() - make_interval(mins => ?))
          and (?::int is null or thread_reads.last_read_seq < ?::int)
        returning user_id`,
      [thread.id, userId, CHAT_LIMITS.offlineNotifyMinutes, unreadSeq, unreadSeq],
    );
    if (claimed.length === 0) continue;
    rememberClaim(thread.id, userId);
    const recipient = await em.findOneOrFail(User, userId);
    if (!waybillNo && thread.shipmentId) {
      const [row] = await em.getConnection().execute<{ waybill_no: string }[]>(`select waybill_no from shipments where id = ?`, [thread.shipmentId]);
      waybillNo = row?.waybill_no ?? null;
    }
    const sms = unreadSeq === null && recipient.role === Role.COURIER;
    const channels = sms ? [DeliveryChannel.IN_APP, DeliveryChannel.SMS] : [DeliveryChannel.IN_APP];
    queueNotification(
      em,
      // The SMS names the parcel and says a message waits (notifications/senders.ts#smsText); the
      // words stay in the in-app notification.
      { recipient, kind: NotificationKind.CHAT_MESSAGE, threadId: thread.id, shipmentId: thread.shipmentId ?? undefined, waybillNo: waybillNo ?? undefined, detail: body.slice(0, 100) },
      channels,
    );
    notified.push(userId);
  }
  if (notified.length > 0) {
    await em.flush();
    deps.outbox.kick();
  }
  return notified;
}
