import { Role } from '@parceldesk/shared';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { AutoDecision } from './auto-decision.entity.js';
import { AutoDecisionService } from './auto-decision.service.js';
import type { ComplaintContext } from './complaint.deps.js';

/** Instant decisions (docs/trust.md): what was decided on a case and why, and an agent's reversal. */
@Resolver(() => AutoDecision)
export class AutoDecisionResolver {
  @Authorized(Role.BUYER, Role.MERCHANT, Role.AGENT)
  @Query(() => AutoDecision, {
    nullable: true,
    description: 'The instant decision of a case (by id or case number): agents see any, its buyer and store an automatic refund; null when none',
  })
  autoDecision(@Arg('complaintId', () => ID) complaintId: string, @Ctx() ctx: ComplaintContext) {
    return new AutoDecisionService(ctx).autoDecision(complaintId);
  }

  @Authorized()
  @Mutation(() => AutoDecision, { description: 'Agents: take an automatic refund back within its window; the case returns to review, assigned to you' })
  reverseAutoDecision(@Arg('complaintId', () => ID) complaintId: string, @Arg('reason') reason: string, @Ctx() ctx: ComplaintContext) {
    return new AutoDecisionService(ctx).reverse(complaintId, reason);
  }
}
