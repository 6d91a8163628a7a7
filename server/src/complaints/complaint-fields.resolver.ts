import { ComplaintAction } from '@parceldesk/shared';
import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import { notFound } from '../common/errors.js';
import { Order } from '../shipments/order.entity.js';
import { canViewOrder } from '../shipments/shipment.access.js';
import { viewerOf } from '../shipments/viewer.js';
import { Thread } from '../chat/chat.types.js';
import { seesInternal } from './complaint.access.js';
import type { ComplaintContext } from './complaint.deps.js';
import { ComplaintEvent } from './complaint-event.entity.js';
import { ComplaintNote } from './complaint-note.entity.js';
import { Complaint } from './complaint.entity.js';
import { complaintField, type ComplaintEventRow, type ComplaintNoteRow, type ComplaintRow } from './complaint.reads.js';
import { ComplaintService } from './complaint.service.js';
import { evidenceChecklist } from './complaint.signals.js';
import { ComplaintLine, ComplaintResolution, ComplaintSignals, EvidenceChecklist, WeightCheckResult } from './complaint.types.js';
import { Evidence } from './evidence.entity.js';

/**
 * A case's relations and the fields that depend on who asks: read ahead for rows (the queue's page,
 * complaint(id)'s case: complaint.reads.ts), batched by MikroORM's dataloader for entities.
 */
@Resolver(() => Complaint)
export class ComplaintFieldsResolver {
  @FieldResolver(() => Order)
  order(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: ComplaintContext) {
    // A row's order answers the Order fields as it is: the order's own rule applies here.
    const ahead = complaint instanceof Complaint ? undefined : complaint.readAhead?.order;
    if (ahead) {
      if (!canViewOrder(viewerOf(ctx), ahead)) throw notFound('Order');
      return ahead;
    }
    return complaintField(ctx, complaint, null, (c) => c.order.load({ dataloader: true }));
  }

  @FieldResolver(() => User)
  buyer(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: ComplaintContext) {
    return complaintField(ctx, complaint, 'buyer', (c) => c.buyer.load({ dataloader: true }));
  }

  @FieldResolver(() => User, { nullable: true })
  assignee(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: ComplaintContext) {
    return complaintField(ctx, complaint, 'assignee', (c) => c.assignee?.load({ dataloader: true }) ?? null);
  }

  @FieldResolver(() => Thread, { nullable: true, description: 'CUSTOMER_SERVICE: the support thread it was opened from (the transcript), for agents and its buyer' })
  thread(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: ComplaintContext) {
    return new ComplaintService(ctx).thread(complaint);
  }

  @FieldResolver(() => [ComplaintLine])
  missingItems(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: ComplaintContext) {
    return complaintField(ctx, complaint, 'missingItems', async (c): Promise<ComplaintLine[]> => {
      const items = await c.items.loadItems({ dataloader: true });
      const lines = await Promise.all(items.map((item) => item.line.load({ dataloader: true })));
      return items.map((item, i) => ({ line: lines[i]!, quantityMissing: item.quantityMissing })).sort((a, b) => a.line.position - b.line.position);
    });
  }

  @FieldResolver(() => [Evidence])
  evidence(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: ComplaintContext) {
    return complaintField(ctx, complaint, 'evidence', (c) => c.evidence.loadItems({ dataloader: true }));
  }

  @FieldResolver(() => EvidenceChecklist, { description: 'Required photos present and missing; the buyer’s form shows it too' })
  evidenceChecklist(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: ComplaintContext) {
    return complaintField(ctx, complaint, 'evidenceChecklist', async (c) => {
      const photos = await c.evidence.loadItems({ dataloader: true });
      return evidenceChecklist(photos.map((p) => p.kind));
    });
  }

  @FieldResolver(() => [ComplaintNote], { description: 'Internal notes are included for agents only' })
  notes(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: ComplaintContext) {
    return then(
      complaintField(ctx, complaint, 'notes', (c) => c.notes.loadItems({ dataloader: true })),
      (notes: (ComplaintNote | ComplaintNoteRow)[]) => (seesInternal(ctx.user) ? notes : notes.filter((n) => !n.internal)),
    );
  }

  @FieldResolver(() => [ComplaintEvent], { description: 'Who did what and when; internal steps for agents only' })
  timeline(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: ComplaintContext) {
    return then(
      complaintField(ctx, complaint, 'timeline', (c) => c.events.loadItems({ dataloader: true })),
      (events: (ComplaintEvent | ComplaintEventRow)[]) => (seesInternal(ctx.user) ? events : events.filter((e) => !e.internal)),
    );
  }

  @FieldResolver(() => [ComplaintAction])
  allowedActions(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: ComplaintContext) {
    return new ComplaintService(ctx).allowedActions(complaint);
  }

  @FieldResolver(() => ComplaintResolution, { nullable: true })
  resolution(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: ComplaintContext) {
    // Undecided cases (every case of the queue) answer null without loading anything.
    if (!complaint.resolutionKind || !complaint.decidedAt) return null;
    return complaintField(ctx, complaint, 'resolution', async (c): Promise<ComplaintResolution | null> => ({
      kind: c.resolutionKind!,
      refundCents: c.refundCents,
      reason: c.resolutionReason,
      decidedAt: c.decidedAt!,
      reshipment: (await c.reshipment?.load({ dataloader: true })) ?? null,
    }));
  }

  @FieldResolver(() => ComplaintSignals, { nullable: true, description: 'Agents only: checklist, weight check, parcels on the way, duplicate photos, suggested refund' })
  signals(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: ComplaintContext) {
    return new ComplaintService(ctx).signals(complaint);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Agents only: missing units × unit price, at most what is refundable' })
  suggestedRefundCents(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: ComplaintContext) {
    return then(new ComplaintService(ctx).signals(complaint), (signals) => signals?.suggestedRefundCents ?? null);
  }

  @FieldResolver(() => WeightCheckResult, { nullable: true, description: 'Agents only' })
  weightCheck(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: ComplaintContext) {
    return then(new ComplaintService(ctx).signals(complaint), (signals) => signals?.weightCheck ?? null);
  }
}

/** `work` on a value that may still be coming, without a promise when it is there already. */
function then<T, R>(value: T | Promise<T>, work: (value: T) => R): R | Promise<R> {
  return value instanceof Promise ? value.then(work) : work(value);
}

@Resolver(() => ComplaintNote)
export class ComplaintNoteResolver {
  @FieldResolver(() => User)
  author(@Root() note: ComplaintNote | ComplaintNoteRow) {
    return 'authorRow' in note ? note.authorRow : note.author.load({ dataloader: true });
  }
}

@Resolver(() => ComplaintEvent)
export class ComplaintEventResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Null for the system (auto-close)' })
  actor(@Root() event: ComplaintEvent | ComplaintEventRow) {
    if ('actorRow' in event) return event.actorRow;
    return event.actor?.load({ dataloader: true }) ?? null;
  }
}

/** A photo's addresses, for entities and plain rows alike (the routes serve them to those who may see it). */
@Resolver(() => Evidence)
export class EvidenceResolver {
  @FieldResolver(() => String, { description: 'The image, for its buyer, agents and the order’s store' })
  url(@Root() evidence: Pick<Evidence, 'id'>): string {
    return `/evidence/${evidence.id}`;
  }

  @FieldResolver(() => String, { description: '320 px thumbnail' })
  thumbnailUrl(@Root() evidence: Pick<Evidence, 'id'>): string {
    return `/evidence/${evidence.id}/thumb`;
  }
}
