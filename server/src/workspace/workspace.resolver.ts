import { Role } from '@parceldesk/shared';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import type { AuthedContext } from '../common/context.js';
import type { WorkspaceContext } from './workspace.deps.js';
import { readViewCounts } from '../complaints/complaint-views.reads.js';
import { BulkService } from './bulk.service.js';
import { readCustomerContext } from './context.reads.js';
import { CustomerContext } from './context.types.js';
import { followDeskPresence, setDeskActivity } from './desk-presence.js';
import { Macro } from './macro.entity.js';
import { MacroService } from './macro.service.js';
import { deskSearch } from './search.reads.js';
import { BulkAssignInput, BulkNoteInput, BulkRowResult, DeskActivity, DeskPresence, DeskSearchHit, DeskViewCount, MacroInput } from './workspace.types.js';

/** The agents' workspace (issue 17): search, views, bulk actions, customer context, presence. */
@Resolver()
export class WorkspaceResolver {
  @Authorized(Role.AGENT)
  @Query(() => [DeskSearchHit], {
    description: 'Cases, orders, parcels and support conversations by case number, order number or waybill (from the start), a whole phone number, or a buyer’s name; at most 64 characters',
  })
  deskSearch(@Arg('query') query: string, @Ctx() ctx: AuthedContext) {
    return deskSearch(ctx, query);
  }

  @Authorized(Role.AGENT)
  @Query(() => [DeskViewCount], { description: 'Each queue view with its count now (complaintQueueChanged says when to ask again)' })
  complaintViews(@Ctx() ctx: AuthedContext) {
    return readViewCounts(ctx);
  }

  @Authorized(Role.AGENT)
  @Query(() => CustomerContext, { description: 'The buyer beside a case (id or case number) or a support conversation: orders, parcels, cases, store, transcripts' })
  customerContext(
    @Arg('complaintId', () => ID, { nullable: true }) complaintId: string | null,
    @Arg('threadId', () => ID, { nullable: true }) threadId: string | null,
    @Ctx() ctx: AuthedContext,
  ) {
    return readCustomerContext(ctx, { complaintId, threadId });
  }

  @Authorized(Role.AGENT)
  @Query(() => [User], { description: 'The agents, to assign to' })
  deskAgents(@Ctx() ctx: AuthedContext) {
    return ctx.em.find(User, { role: Role.AGENT }, { orderBy: { displayName: 'asc', id: 'asc' }, limit: 200 });
  }

  @Authorized(Role.AGENT)
  @Mutation(() => [BulkRowResult], { description: 'Assign each case to yourself or another agent; a row that cannot be changed is refused and reported, the others proceed' })
  bulkAssignComplaints(@Arg('input') input: BulkAssignInput, @Ctx() ctx: WorkspaceContext) {
    return new BulkService(ctx).assign(input.ids, input.assigneeId);
  }

  @Authorized(Role.AGENT)
  @Mutation(() => [BulkRowResult], { description: 'The same internal note on each case; refusals per row, as bulkAssignComplaints' })
  bulkAddInternalNote(@Arg('input') input: BulkNoteInput, @Ctx() ctx: WorkspaceContext) {
    return new BulkService(ctx).addInternalNote(input.ids, input.body);
  }

  @Authorized(Role.AGENT)
  @Query(() => [Macro], { description: 'The canned replies every agent shares, by title' })
  macros(@Ctx() ctx: AuthedContext) {
    return new MacroService(ctx).list();
  }

  @Authorized(Role.AGENT)
  @Mutation(() => Macro, { description: 'Add (no id) or edit a canned reply; an unknown {{variable}} is refused naming it' })
  saveMacro(@Arg('input') input: MacroInput, @Ctx() ctx: AuthedContext) {
    return new MacroService(ctx).save(input);
  }

  @Authorized(Role.AGENT)
  @Mutation(() => Boolean)
  deleteMacro(@Arg('id', () => ID) id: string, @Ctx() ctx: AuthedContext) {
    return new MacroService(ctx).remove(id);
  }

  @Authorized(Role.AGENT)
  @Mutation(() => Boolean, { description: 'REPLYING while the agent types (renew every few seconds; it lapses by itself)' })
  setDeskActivity(
    @Arg('targetId', () => ID) targetId: string,
    @Arg('activity', () => DeskActivity) activity: DeskActivity,
    @Ctx() ctx: AuthedContext,
  ) {
    return setDeskActivity(ctx, targetId, activity);
  }

  @Authorized(Role.AGENT)
  @Subscription(() => DeskPresence, {
    description: 'While subscribed the agent shows on the case or support conversation; yields the other agents there, live',
    subscribe: ({ args, context }) => followDeskPresence(context as AuthedContext, args.targetId as string),
  })
  deskPresence(@Root() presence: DeskPresence, @Arg('targetId', () => ID) _targetId: string) {
    return presence;
  }
}
