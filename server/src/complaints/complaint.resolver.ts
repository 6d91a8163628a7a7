import { ComplaintAction, DisputeReason, Role } from '@parceldesk/shared';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import type { AuthedContext } from '../common/context.js';
import { selectionTree } from '../common/selection.js';
import { PageArgs } from '../common/pagination.js';
import { Order } from '../shipments/order.entity.js';
import { Shipment } from '../shipments/shipment.entity.js';
import { ComplaintEvent } from './complaint-event.entity.js';
import { ComplaintNote } from './complaint-note.entity.js';
import { Complaint } from './complaint.entity.js';
import { followComplaint, followComplaintQueue } from './complaint.live.js';
import { notFound } from '../common/errors.js';
import { canViewOrder } from '../shipments/shipment.access.js';
import { viewerOf } from '../shipments/viewer.js';
import { seesInternal } from './complaint.access.js';
import { complaintField, type ComplaintEventRow, type ComplaintNoteRow, type ComplaintRow } from './complaint.reads.js';
import { ComplaintService } from './complaint.service.js';
import { evidenceChecklist } from './complaint.signals.js';
import {
  ComplaintConnection,
  ComplaintFilingOptions,
  ComplaintLine,
  ComplaintNoteInput,
  ComplaintQueueEvent,
  ComplaintQueueFilter,
  ComplaintResolution,
  ComplaintSignals,
  EvidenceChecklist,
  FileComplaintInput,
  FileComplaintPayload,
  ResolveComplaintInput,
  ThreadFilingOptions,
  WeightCheckResult,
} from './complaint.types.js';
import { Thread } from '../chat/chat.types.js';
import { Evidence } from './evidence.entity.js';

@Resolver(() => Complaint)
export class ComplaintResolver {
  @Authorized(Role.BUYER)
  @Query(() => ComplaintConnection, { description: 'The signed-in buyer’s complaints, newest first' })
  myComplaints(@Args() page: PageArgs, @Ctx() ctx: AuthedContext) {
    return new ComplaintService(ctx).myComplaints(page);
  }

  @Authorized(Role.MERCHANT)
  @Query(() => ComplaintConnection, { description: 'Complaints on the store’s orders, newest first' })
  merchantComplaints(@Args() page: PageArgs, @Ctx() ctx: AuthedContext) {
    return new ComplaintService(ctx).merchantComplaints(page);
  }

  @Authorized(Role.BUYER, Role.MERCHANT, Role.AGENT)
  @Query(() => Complaint, { description: 'One case, by id or case number: its buyer, the order’s store, or an agent' })
  complaint(@Arg('id', () => ID) id: string, @Ctx() ctx: AuthedContext, @Info() info: GraphQLResolveInfo) {
    return new ComplaintService(ctx).complaint(id, selectionTree(info));
  }

  @Authorized(Role.AGENT)
  @Query(() => ComplaintConnection, { description: 'Agents’ queue, most urgent SLA first' })
  complaintQueue(
    @Arg('filter', () => ComplaintQueueFilter, { nullable: true }) filter: ComplaintQueueFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: AuthedContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new ComplaintService(ctx).complaintQueue(filter ?? undefined, page, selectionTree(info));
  }

  @Authorized(Role.BUYER)
  @Query(() => ComplaintFilingOptions, { description: 'What the filing form needs: claimable lines, parcels on the way, an open case' })
  complaintFilingOptions(@Arg('orderId', () => ID) orderId: string, @Ctx() ctx: AuthedContext) {
    return new ComplaintService(ctx).filingOptions(orderId);
  }

  @Authorized(Role.AGENT)
  @Query(() => ThreadFilingOptions, { description: 'Agents: the buyer’s orders and chat photos, to open a case from a support thread' })
  threadFilingOptions(@Arg('threadId', () => ID) threadId: string, @Ctx() ctx: AuthedContext) {
    return new ComplaintService(ctx).threadFilingOptions(threadId);
  }

  @Authorized(Role.BUYER, Role.AGENT)
  @Mutation(() => FileComplaintPayload, { description: 'File a short-shipment complaint (idempotent on idempotencyKey); joins the order’s open case' })
  fileComplaint(@Arg('input') input: FileComplaintInput, @Ctx() ctx: AuthedContext) {
    return new ComplaintService(ctx).fileComplaint(input);
  }

  @Authorized(Role.AGENT)
  @Mutation(() => Complaint, { description: 'Assign to yourself, or to another agent' })
  assignComplaint(
    @Arg('id', () => ID) id: string,
    @Arg('assigneeId', () => ID, { nullable: true }) assigneeId: string | null,
    @Ctx() ctx: AuthedContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new ComplaintService(ctx).assign(id, assigneeId, selectionTree(info));
  }

  @Authorized(Role.BUYER, Role.MERCHANT, Role.AGENT)
  @Mutation(() => Complaint, { description: 'A public reply, or (agents) an internal note' })
  addComplaintNote(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: ComplaintNoteInput,
    @Arg('internal', () => Boolean, { defaultValue: false }) internal: boolean,
    @Ctx() ctx: AuthedContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new ComplaintService(ctx).addNote(id, input.body, internal, selectionTree(info));
  }

  @Authorized(Role.AGENT)
  @Mutation(() => Complaint, { description: 'Ask the buyer for more photos: AWAITING_BUYER, SLA paused' })
  requestMoreEvidence(@Arg('id', () => ID) id: string, @Arg('input') input: ComplaintNoteInput, @Ctx() ctx: AuthedContext, @Info() info: GraphQLResolveInfo) {
    return new ComplaintService(ctx).requestMoreEvidence(id, input.body, selectionTree(info));
  }

  @Authorized(Role.BUYER)
  @Mutation(() => Complaint, { description: 'Add uploaded photos; an AWAITING_BUYER case returns to IN_REVIEW' })
  attachEvidence(@Arg('id', () => ID) id: string, @Arg('evidenceIds', () => [ID]) evidenceIds: string[], @Ctx() ctx: AuthedContext, @Info() info: GraphQLResolveInfo) {
    return new ComplaintService(ctx).attachEvidence(id, evidenceIds, selectionTree(info));
  }

  @Authorized(Role.AGENT)
  @Mutation(() => Complaint, { description: 'REFUND (up to what was paid), RESHIP (a new parcel for the merchant) or REJECT (with a reason)' })
  resolveComplaint(@Arg('id', () => ID) id: string, @Arg('input') input: ResolveComplaintInput, @Ctx() ctx: AuthedContext, @Info() info: GraphQLResolveInfo) {
    return new ComplaintService(ctx).resolve(id, input, selectionTree(info));
  }

  @Authorized(Role.BUYER)
  @Mutation(() => Complaint, { description: 'Accept the decision (closes the case) or dispute it (once, with a reason; words required with OTHER)' })
  respondToResolution(
    @Arg('id', () => ID) id: string,
    @Arg('accept') accept: boolean,
    @Arg('comment', () => String, { nullable: true }) comment: string | null,
    @Arg('reason', () => DisputeReason, { nullable: true, description: 'Required to dispute' }) reason: DisputeReason | null,
    @Ctx() ctx: AuthedContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new ComplaintService(ctx).respond(id, accept, comment, selectionTree(info), reason);
  }

  @Authorized(Role.BUYER)
  @Mutation(() => Complaint)
  withdrawComplaint(@Arg('id', () => ID) id: string, @Ctx() ctx: AuthedContext, @Info() info: GraphQLResolveInfo) {
    return new ComplaintService(ctx).withdraw(id, selectionTree(info));
  }

  @Authorized(Role.BUYER, Role.MERCHANT, Role.AGENT)
  @Subscription(() => Complaint, {
    description: 'The case after each change, for its buyer, store and agents; compare `version` after a reconnect',
    subscribe: ({ args, context }) => followComplaint(context as AuthedContext, args.id as string),
  })
  complaintUpdated(@Root() complaint: Complaint, @Arg('id', () => ID) _id: string) {
    return complaint;
  }

  @Authorized(Role.AGENT)
  @Subscription(() => ComplaintQueueEvent, {
    description: 'Agents: a case was filed, assigned, answered, decided or went overdue (kind); refetch the queue',
    subscribe: ({ context }) => followComplaintQueue(context as AuthedContext),
  })
  complaintQueueChanged(@Root() event: ComplaintQueueEvent) {
    return event;
  }

  // --- relations: read ahead for rows (the queue's page, complaint(id)'s case: complaint.reads.ts), batched by MikroORM's dataloader for entities ---

  @FieldResolver(() => Order)
  order(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: AuthedContext) {
    // A row's order answers the Order fields as it is: the order's own rule applies here.
    const ahead = complaint instanceof Complaint ? undefined : complaint.readAhead?.order;
    if (ahead) {
      if (!canViewOrder(viewerOf(ctx), ahead)) throw notFound('Order');
      return ahead;
    }
    return complaintField(ctx, complaint, null, (c) => c.order.load({ dataloader: true }));
  }

  @FieldResolver(() => User)
  buyer(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: AuthedContext) {
    return complaintField(ctx, complaint, 'buyer', (c) => c.buyer.load({ dataloader: true }));
  }

  @FieldResolver(() => User, { nullable: true })
  assignee(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: AuthedContext) {
    return complaintField(ctx, complaint, 'assignee', (c) => c.assignee?.load({ dataloader: true }) ?? null);
  }

  @FieldResolver(() => Thread, { nullable: true, description: 'CUSTOMER_SERVICE: the support thread it was opened from (the transcript), for agents and its buyer' })
  thread(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: AuthedContext) {
    return new ComplaintService(ctx).thread(complaint);
  }

  @FieldResolver(() => [ComplaintLine])
  missingItems(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: AuthedContext) {
    return complaintField(ctx, complaint, 'missingItems', async (c): Promise<ComplaintLine[]> => {
      const items = await c.items.loadItems({ dataloader: true });
      const lines = await Promise.all(items.map((item) => item.line.load({ dataloader: true })));
      return items.map((item, i) => ({ line: lines[i]!, quantityMissing: item.quantityMissing })).sort((a, b) => a.line.position - b.line.position);
    });
  }

  @FieldResolver(() => [Evidence])
  evidence(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: AuthedContext) {
    return complaintField(ctx, complaint, 'evidence', (c) => c.evidence.loadItems({ dataloader: true }));
  }

  @FieldResolver(() => EvidenceChecklist, { description: 'Required photos present and missing; the buyer’s form shows it too' })
  evidenceChecklist(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: AuthedContext) {
    return complaintField(ctx, complaint, 'evidenceChecklist', async (c) => {
      const photos = await c.evidence.loadItems({ dataloader: true });
      return evidenceChecklist(photos.map((p) => p.kind));
    });
  }

  @FieldResolver(() => [ComplaintNote], { description: 'Internal notes are included for agents only' })
  notes(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: AuthedContext) {
    return then(
      complaintField(ctx, complaint, 'notes', (c) => c.notes.loadItems({ dataloader: true })),
      (notes: (ComplaintNote | ComplaintNoteRow)[]) => (seesInternal(ctx.user) ? notes : notes.filter((n) => !n.internal)),
    );
  }

  @FieldResolver(() => [ComplaintEvent], { description: 'Who did what and when; internal steps for agents only' })
  timeline(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: AuthedContext) {
    return then(
      complaintField(ctx, complaint, 'timeline', (c) => c.events.loadItems({ dataloader: true })),
      (events: (ComplaintEvent | ComplaintEventRow)[]) => (seesInternal(ctx.user) ? events : events.filter((e) => !e.internal)),
    );
  }

  @FieldResolver(() => [ComplaintAction])
  allowedActions(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: AuthedContext) {
    return new ComplaintService(ctx).allowedActions(complaint);
  }

  @FieldResolver(() => ComplaintResolution, { nullable: true })
  resolution(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: AuthedContext) {
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
  signals(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: AuthedContext) {
    return new ComplaintService(ctx).signals(complaint);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Agents only: missing units × unit price, at most what is refundable' })
  suggestedRefundCents(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: AuthedContext) {
    return then(new ComplaintService(ctx).signals(complaint), (signals) => signals?.suggestedRefundCents ?? null);
  }

  @FieldResolver(() => WeightCheckResult, { nullable: true, description: 'Agents only' })
  weightCheck(@Root() complaint: Complaint | ComplaintRow, @Ctx() ctx: AuthedContext) {
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
