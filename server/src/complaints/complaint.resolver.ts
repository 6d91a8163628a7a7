import { DisputeReason, Role } from '@parceldesk/shared';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, ID, Info, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { PageArgs } from '../common/pagination.js';
import { selectionTree } from '../common/selection.js';
import type { ComplaintContext } from './complaint.deps.js';
import { DecisionService } from './complaint.decisions.js';
import { Complaint } from './complaint.entity.js';
import { FilingService } from './complaint.filing.js';
import { followComplaint, followComplaintQueue } from './complaint.live.js';
import { ComplaintService } from './complaint.service.js';
import {
  ComplaintConnection,
  ComplaintFilingOptions,
  ComplaintNoteInput,
  ComplaintQueueEvent,
  ComplaintQueueFilter,
  FileComplaintInput,
  FileComplaintPayload,
  ResolveComplaintInput,
  ThreadFilingOptions,
} from './complaint.types.js';

/** The case's root fields: reads, filing, the decisions on it, and its live feeds (its relations: complaint-fields.resolver.ts). */
@Resolver(() => Complaint)
export class ComplaintResolver {
  @Authorized(Role.BUYER)
  @Query(() => ComplaintConnection, { description: 'The signed-in buyer’s complaints, newest first' })
  myComplaints(@Args() page: PageArgs, @Ctx() ctx: ComplaintContext) {
    return new ComplaintService(ctx).myComplaints(page);
  }

  @Authorized(Role.MERCHANT)
  @Query(() => ComplaintConnection, { description: 'Complaints on the store’s orders, newest first' })
  merchantComplaints(@Args() page: PageArgs, @Ctx() ctx: ComplaintContext) {
    return new ComplaintService(ctx).merchantComplaints(page);
  }

  @Authorized(Role.BUYER, Role.MERCHANT, Role.AGENT)
  @Query(() => Complaint, { description: 'One case, by id or case number: its buyer, the order’s store, or an agent' })
  complaint(@Arg('id', () => ID) id: string, @Ctx() ctx: ComplaintContext, @Info() info: GraphQLResolveInfo) {
    return new ComplaintService(ctx).complaint(id, selectionTree(info));
  }

  @Authorized(Role.AGENT)
  @Query(() => ComplaintConnection, { description: 'Agents’ queue, most urgent SLA first' })
  complaintQueue(
    @Arg('filter', () => ComplaintQueueFilter, { nullable: true }) filter: ComplaintQueueFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: ComplaintContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new ComplaintService(ctx).complaintQueue(filter ?? undefined, page, selectionTree(info));
  }

  @Authorized(Role.BUYER)
  @Query(() => ComplaintFilingOptions, { description: 'What the filing form needs: claimable lines, parcels on the way, an open case' })
  complaintFilingOptions(@Arg('orderId', () => ID) orderId: string, @Ctx() ctx: ComplaintContext) {
    return new FilingService(ctx).filingOptions(orderId);
  }

  @Authorized(Role.AGENT)
  @Query(() => ThreadFilingOptions, { description: 'Agents: the buyer’s orders and chat photos, to open a case from a support thread' })
  threadFilingOptions(@Arg('threadId', () => ID) threadId: string, @Ctx() ctx: ComplaintContext) {
    return new FilingService(ctx).threadFilingOptions(threadId);
  }

  @Authorized(Role.BUYER, Role.AGENT)
  @Mutation(() => FileComplaintPayload, { description: 'File a short-shipment complaint (idempotent on idempotencyKey); joins the order’s open case' })
  fileComplaint(@Arg('input') input: FileComplaintInput, @Ctx() ctx: ComplaintContext) {
    return new FilingService(ctx).fileComplaint(input);
  }

  @Authorized(Role.AGENT)
  @Mutation(() => Complaint, { description: 'Assign to yourself, or to another agent' })
  assignComplaint(
    @Arg('id', () => ID) id: string,
    @Arg('assigneeId', () => ID, { nullable: true }) assigneeId: string | null,
    @Ctx() ctx: ComplaintContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new DecisionService(ctx).assign(id, assigneeId, selectionTree(info));
  }

  @Authorized(Role.BUYER, Role.MERCHANT, Role.AGENT)
  @Mutation(() => Complaint, { description: 'A public reply, or (agents) an internal note' })
  addComplaintNote(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: ComplaintNoteInput,
    @Arg('internal', () => Boolean, { defaultValue: false }) internal: boolean,
    @Ctx() ctx: ComplaintContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new DecisionService(ctx).addNote(id, input.body, internal, selectionTree(info));
  }

  @Authorized(Role.AGENT)
  @Mutation(() => Complaint, { description: 'Ask the buyer for more photos: AWAITING_BUYER, SLA paused' })
  requestMoreEvidence(@Arg('id', () => ID) id: string, @Arg('input') input: ComplaintNoteInput, @Ctx() ctx: ComplaintContext, @Info() info: GraphQLResolveInfo) {
    return new DecisionService(ctx).requestMoreEvidence(id, input.body, selectionTree(info));
  }

  @Authorized(Role.BUYER)
  @Mutation(() => Complaint, { description: 'Add uploaded photos; an AWAITING_BUYER case returns to IN_REVIEW' })
  attachEvidence(@Arg('id', () => ID) id: string, @Arg('evidenceIds', () => [ID]) evidenceIds: string[], @Ctx() ctx: ComplaintContext, @Info() info: GraphQLResolveInfo) {
    return new DecisionService(ctx).attachEvidence(id, evidenceIds, selectionTree(info));
  }

  @Authorized(Role.AGENT)
  @Mutation(() => Complaint, { description: 'REFUND (up to what was paid), RESHIP (a new parcel for the merchant) or REJECT (with a reason)' })
  resolveComplaint(@Arg('id', () => ID) id: string, @Arg('input') input: ResolveComplaintInput, @Ctx() ctx: ComplaintContext, @Info() info: GraphQLResolveInfo) {
    return new DecisionService(ctx).resolve(id, input, selectionTree(info));
  }

  @Authorized(Role.BUYER)
  @Mutation(() => Complaint, { description: 'Accept the decision (closes the case) or dispute it (once, with a reason; words required with OTHER)' })
  respondToResolution(
    @Arg('id', () => ID) id: string,
    @Arg('accept') accept: boolean,
    @Arg('comment', () => String, { nullable: true }) comment: string | null,
    @Arg('reason', () => DisputeReason, { nullable: true, description: 'Required to dispute' }) reason: DisputeReason | null,
    @Ctx() ctx: ComplaintContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new DecisionService(ctx).respond(id, accept, comment, selectionTree(info), reason);
  }

  @Authorized(Role.BUYER)
  @Mutation(() => Complaint)
  withdrawComplaint(@Arg('id', () => ID) id: string, @Ctx() ctx: ComplaintContext, @Info() info: GraphQLResolveInfo) {
    return new DecisionService(ctx).withdraw(id, selectionTree(info));
  }

  @Authorized(Role.BUYER, Role.MERCHANT, Role.AGENT)
  @Subscription(() => Complaint, {
    description: 'The case after each change, for its buyer, store and agents; compare `version` after a reconnect',
    subscribe: ({ args, context }) => followComplaint(context as ComplaintContext, args.id as string),
  })
  complaintUpdated(@Root() complaint: Complaint, @Arg('id', () => ID) _id: string) {
    return complaint;
  }

  @Authorized(Role.AGENT, Role.MERCHANT)
  @Subscription(() => ComplaintQueueEvent, {
    description: 'Agents: a case was filed, assigned, answered, decided or went overdue (kind); refetch the queue. Stores: the same for their own cases',
    subscribe: ({ context }) => followComplaintQueue(context as ComplaintContext),
  })
  complaintQueueChanged(@Root() event: ComplaintQueueEvent) {
    return event;
  }
}
