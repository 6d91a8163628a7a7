import { ComplaintStatus, ResolutionKind } from '@parceldesk/shared';
import { Field, ID, Int, ObjectType } from 'type-graphql';

/**
 * What names a case wherever a list shows one (the buyer's 我的售后, the agent's customer context):
 * its number and state, its outcome, its order, when it was filed. Lists add their own columns; no
 * field returns it, so the schema never names it (as the connections' base in common/pagination.ts).
 */
@ObjectType({ simpleResolvers: true })
export abstract class CaseHeadline {
  @Field(() => ID)
  id!: string;

  @Field()
  caseNo!: string;

  @Field(() => ComplaintStatus)
  status!: ComplaintStatus;

  @Field()
  orderNo!: string;

  @Field(() => ResolutionKind, { nullable: true })
  resolutionKind!: ResolutionKind | null;

  @Field(() => Int, { nullable: true })
  refundCents!: number | null;

  @Field()
  createdAt!: Date;
}
