import { caseReplySchema, DisputeReason } from '@parceldesk/shared';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';

registerEnumType(DisputeReason, { name: 'DisputeReason', description: 'Why the buyer disputes a decision (the chips of the dispute dialog)' });

@ObjectType({ simpleResolvers: true, description: 'Why the buyer disputed the decision: agents read it first on the reopened case' })
export class CaseDispute {
  @Field(() => DisputeReason)
  reason!: DisputeReason;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field()
  at!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A photo sent with a reply (its addresses answer those who may see the case)' })
export class NotePhoto {
  @Field(() => ID)
  id!: string;

  @Field()
  url!: string;

  @Field()
  thumbnailUrl!: string;
}

@InputType({ description: 'A public reply on a case: words, photos (补充凭证), or both' })
export class CaseReplyInput {
  static schema = caseReplySchema;

  @Field({ defaultValue: '' })
  body!: string;

  @Field(() => [ID], { defaultValue: [] })
  evidenceIds!: string[];
}
