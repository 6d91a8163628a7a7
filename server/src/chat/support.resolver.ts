import { Role } from '@parceldesk/shared';
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { ChatContext } from './chat.deps.js';
import { Thread } from './chat.types.js';
import { SupportService } from './support.service.js';

/** Agents' changes to a support conversation (issue 17.8); answering it is sendMessage. */
@Resolver(() => Thread)
export class SupportResolver {
  @Authorized(Role.AGENT)
  @Mutation(() => Thread, {
    description: 'Agents: closes a support conversation (the buyer’s next message reopens it); INVALID_TRANSITION when already closed',
  })
  closeSupportThread(@Arg('threadId', () => ID) threadId: string, @Ctx() ctx: ChatContext) {
    return new SupportService(ctx).close(threadId);
  }

  @Authorized(Role.AGENT)
  @Mutation(() => Thread, { description: 'Agents: assigns a support conversation to an agent (assigneeId; none: to the one asking)' })
  assignSupportThread(
    @Arg('threadId', () => ID) threadId: string,
    @Arg('assigneeId', () => ID, { nullable: true }) assigneeId: string | null,
    @Ctx() ctx: ChatContext,
  ) {
    return new SupportService(ctx).assign(threadId, assigneeId);
  }
}
