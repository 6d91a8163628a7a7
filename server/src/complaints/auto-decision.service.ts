import { LockMode, OptimisticLockError, ref, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { decisionDetail, ComplaintStatus as S, ErrorCode, ResolutionKind, Role } from '@parceldesk/shared';
import { SYSTEM_ACTOR_ID } from '../accounts/system-actor.js';
import { User } from '../accounts/user.entity.js';
import type { AutoDecisionPolicy } from '../config.js';
import { badInput, DomainError, notFound } from '../common/errors.js';
import { selectRows } from '../common/sql.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { queueNotification } from '../notifications/notifier.js';
import type { Realtime } from '../realtime/pubsub.js';
import type { RecurringJob } from '../scheduler/scheduler.js';
import { AutoDecision, AutoOutcome } from './auto-decision.entity.js';
import { evaluateAutoRules, refundReason, type AutoFacts } from './auto-decision.rules.js';
import { findVisibleComplaint } from './complaint.access.js';
import type { ComplaintContext } from './complaint.deps.js';
import { ComplaintEvent, ComplaintEventKind } from './complaint-event.entity.js';
import { Complaint } from './complaint.entity.js';
import { readCaseSignals } from './complaint.reads.js';
import { publishComplaint } from './complaint.topics.js';
import { ComplaintQueueEventKind } from './complaint.types.js';


/** Cases filed within this long are looked at; older ones (say, from before the switch was turned on) are left to agents. */
const LOOK_BACK_HOURS = 24;

/**
 * The instant decisions' job: every new untouched case is decided once, shortly after filing
 * (the job runs every `policy.everyMs`, at each scheduler tick). Idempotent: a case that has a
 * decision is never looked at again, and the decision's unique row settles any race.
 */
export function autoDecideJob(realtime: Realtime, policy: AutoDecisionPolicy): RecurringJob {
  return {
    name: 'complaints.auto-decide',
    everyMs: policy.everyMs,
    async run(em, now) {
      if (!policy.enabled) return 'off';
      const due = await selectRows<{ id: string }>(
        em,
        `select c.id from complaints c
          where c.status = 'SUBMITTED' and c.assignee_id is null and c.disputes = 0 and c.created_at > ?
            and not exists (select 1 from auto_decisions a where a.complaint_id = c.id)
          order by c.created_at limit 50`,
        [new Date(now.getTime() - LOOK_BACK_HOURS * 3600_000)],
      );
      const outcomes = { REFUNDED: 0, DECLINED: 0 };
      for (const { id } of due) {
        const outcome = await decideOnce(em, realtime, policy, id, now);
        if (outcome) outcomes[outcome]++;
      }
      return `refunded ${outcomes.REFUNDED}, declined ${outcomes.DECLINED}`;
    },
  };
}

/**
 * Decides one case: the case row locked, the rules evaluated on its stored facts, the decision
 * recorded (and the refund made) in one transaction. Null when the case is not (or no longer) a
 * candidate, or another run decided it first.
 */
export async function decideOnce(em: EntityManager, realtime: Realtime, policy: AutoDecisionPolicy, complaintId: string, now = new Date()): Promise<AutoOutcome | null> {
  let outcome: AutoOutcome | null = null;
  try {
    outcome = await em.fork().transactional(async (tx) => {
      const complaint = await tx.findOne(Complaint, complaintId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!complaint || complaint.status !== S.SUBMITTED || (await tx.count(AutoDecision, { complaint: complaintId }))) return null;
      const facts = await factsOf(tx, complaint, policy, now);
      const result = evaluateAutoRules(facts, policy);
      const system = tx.getReference(User, SYSTEM_ACTOR_ID);
      const decision = new AutoDecision({
        complaint,
        outcome: result.refund ? AutoOutcome.REFUNDED : AutoOutcome.DECLINED,
        refundCents: result.refund ? result.refundCents : null,
        checks: result.checks,
        facts: { ...facts.signals, claimedUnits: facts.claimedUnits, recentCases: facts.recentCases, policy: { maxRefundCents: policy.maxRefundCents, maxRecentCases: policy.maxRecentCases, recentDays: policy.recentDays } },
        at: now,
        reversibleHours: policy.reversibleHours,
      });
      tx.persist(decision);
      if (result.refund) {
        complaint.transition(S.IN_REVIEW, now);
        complaint.decide({ kind: ResolutionKind.REFUND, refundCents: result.refundCents, reason: refundReason(facts, result.refundCents), at: now });
        complaint.updatedAt = now;
        const detail = decisionDetail(ResolutionKind.REFUND, result.refundCents);
        tx.persist(new ComplaintEvent({ complaint, actor: system, kind: ComplaintEventKind.RESOLVED, toStatus: complaint.status, detail, at: now }));
        // Worded like an agent's refund: the amount is in the detail (`REFUND:<cents>`).
        queueNotification(tx, { recipient: await complaint.buyer.loadOrFail(), kind: NotificationKind.COMPLAINT_DECIDED, complaintId: complaint.id, detail });
      } else {
        const failed = result.checks.filter((check) => !check.passed).map((check) => check.rule);
        tx.persist(new ComplaintEvent({ complaint, actor: system, kind: ComplaintEventKind.AUTO_DECLINED, detail: failed.join(','), internal: true, at: now }));
      }
      return decision.outcome;
    });
  } catch (error) {
    // Another process decided it between our check and our insert: theirs stands.
    if (error instanceof UniqueConstraintViolationException || error instanceof OptimisticLockError) return null;
    throw error;
  }
  if (outcome) await publishComplaint(realtime, complaintId, outcome === AutoOutcome.REFUNDED ? ComplaintQueueEventKind.RESOLVED : ComplaintQueueEventKind.UPDATED);
  return outcome;
}

/** The facts the rules read: the case's stored signals and the buyer's own recent cases (nothing else about the buyer). */
async function factsOf(em: EntityManager, complaint: Complaint, policy: AutoDecisionPolicy, now: Date): Promise<AutoFacts> {
  const keys = { id: complaint.id, orderId: complaint.order.id, buyerId: complaint.buyer.id, reshipmentId: complaint.reshipment?.id ?? null };
  const [signals, [counts]] = await Promise.all([
    readCaseSignals(em, keys),
    selectRows<{ claimed: string | null; recent: string }>(
      em,
      `select (select sum(quantity_missing) from complaint_items where complaint_id = ?) as claimed,
              (select count(*) from complaints where buyer_id = ? and id <> ? and status <> 'WITHDRAWN' and created_at > ?) as recent`,
      [complaint.id, keys.buyerId, complaint.id, new Date(now.getTime() - policy.recentDays * 24 * 3600_000)],
    ),
  ]);
  return {
    status: complaint.status,
    assigned: complaint.assignee !== null,
    disputes: complaint.disputes,
    signals,
    claimedUnits: Number(counts?.claimed ?? 0),
    recentCases: Number(counts?.recent ?? 0),
  };
}

/** Reading and reversing a case's instant decision (agents; its buyer and store see a refund). */
export class AutoDecisionService {
  constructor(private readonly ctx: ComplaintContext) {}

  /** The case's decision: agents see any; the buyer and the store see a refund (a declined one is the agents' business). */
  async autoDecision(complaintId: string): Promise<AutoDecision | null> {
    const complaint = await findVisibleComplaint(this.ctx.em, this.ctx.user, complaintId);
    const decision = await this.ctx.em.findOne(AutoDecision, { complaint: complaint.id });
    if (!decision) return null;
    return this.ctx.user.role === Role.AGENT || decision.outcome === AutoOutcome.REFUNDED ? decision : null;
  }

  /** An agent takes an instant refund back within its window: the case returns to review, assigned to them. */
  async reverse(complaintId: string, reason: string): Promise<AutoDecision> {
    const { em, user } = this.ctx;
    if (user.role !== Role.AGENT) throw new DomainError(ErrorCode.FORBIDDEN, 'Only agents reverse decisions');
    const why = reason.trim();
    if (!why || why.length > 500) throw badInput('reason', 'say why, in at most 500 characters');
    const complaint = await findVisibleComplaint(em, user, complaintId);
    const decision = await em.findOne(AutoDecision, { complaint: complaint.id, outcome: AutoOutcome.REFUNDED });
    if (!decision) throw notFound('Automatic refund');
    const now = new Date();
    if (decision.reversedAt) throw new DomainError(ErrorCode.INVALID_TRANSITION, 'This automatic refund was already reversed');
    if (now > decision.reversibleUntil) throw new DomainError(ErrorCode.INVALID_TRANSITION, `An automatic refund may be reversed within ${this.ctx.deps.config.complaints.autoDecision.reversibleHours} hours`);
    if (complaint.status !== S.RESOLVED || complaint.decidedAt?.getTime() !== decision.decidedAt.getTime()) {
      throw new DomainError(ErrorCode.INVALID_TRANSITION, `The case is ${complaint.status} and no longer stands on the automatic refund`, { from: complaint.status });
    }
    complaint.transition(S.IN_REVIEW, now);
    complaint.resolutionKind = null;
    complaint.refundCents = null;
    complaint.resolutionReason = null;
    complaint.decidedAt = null;
    complaint.respondedAt = null;
    complaint.assignee = ref(em.getReference(User, user.id));
    complaint.updatedAt = now;
    decision.reverse(em.getReference(User, user.id), why, now);
    em.persist(new ComplaintEvent({ complaint, actor: em.getReference(User, user.id), kind: ComplaintEventKind.AUTO_REVERSED, toStatus: S.IN_REVIEW, detail: why, at: now }));
    // The buyer was told of the refund: they are told, in words, that it is taken back and why.
    queueNotification(em, { recipient: em.getReference(User, complaint.buyer.id), kind: NotificationKind.COMPLAINT_AUTO_REVERSED, complaintId: complaint.id, detail: why.slice(0, 200) });
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof OptimisticLockError) throw new DomainError(ErrorCode.CONFLICT, `Complaint ${complaint.caseNo} was changed by someone else; reload and try again`);
      throw error;
    }
    await publishComplaint(this.ctx.deps.realtime, complaint.id, ComplaintQueueEventKind.UPDATED);
    this.ctx.deps.outbox.kick();
    return decision;
  }
}
