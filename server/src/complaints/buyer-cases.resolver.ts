import { Role } from '@parceldesk/shared';
import { Arg, Args, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { AuthedContext } from '../common/context.js';
import { PageArgs } from '../common/pagination.js';
import { CaseSummary, CaseSummaryConnection, readLatestCasesOf, readMyCases } from './buyer-cases.js';

/** The buyer's after-sales reads (我的售后 and the order cards' case line). */
@Resolver(() => CaseSummary)
export class BuyerCasesResolver {
  @Authorized(Role.BUYER)
  @Query(() => CaseSummaryConnection, { description: '我的售后: the signed-in buyer’s cases, newest first, with store, goods, amount and last activity' })
  myCases(@Args() page: PageArgs, @Ctx() ctx: AuthedContext) {
    return readMyCases(ctx, page);
  }

  @Authorized(Role.BUYER)
  @Query(() => [CaseSummary], { description: 'The latest case of each of these orders of the buyer’s (at most 100 ids; others’ and unknown ids answer nothing)' })
  latestCasesOf(@Arg('orderIds', () => [ID]) orderIds: string[], @Ctx() ctx: AuthedContext) {
    return readLatestCasesOf(ctx, orderIds);
  }
}
