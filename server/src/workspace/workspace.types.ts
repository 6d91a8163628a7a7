import { bulkAssignSchema, bulkNoteSchema, DeskView, MacroNextStep, macroSchema } from '@parceldesk/shared';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export const DeskSearchKind = { CASE: 'CASE', ORDER: 'ORDER', PARCEL: 'PARCEL', CONVERSATION: 'CONVERSATION' } as const;
export type DeskSearchKind = (typeof DeskSearchKind)[keyof typeof DeskSearchKind];
registerEnumType(DeskSearchKind, { name: 'DeskSearchKind' });

export const DeskActivity = { VIEWING: 'VIEWING', REPLYING: 'REPLYING' } as const;
export type DeskActivity = (typeof DeskActivity)[keyof typeof DeskActivity];
registerEnumType(DeskActivity, { name: 'DeskActivity', description: '正在查看 / 正在回复' });

@ObjectType({ simpleResolvers: true })
export class DeskViewCount {
  @Field(() => DeskView)
  view!: DeskView;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ simpleResolvers: true, description: 'One search hit; the buyer’s phone only masked' })
export class DeskSearchHit {
  @Field(() => DeskSearchKind)
  kind!: DeskSearchKind;

  @Field(() => ID, { description: 'The case, order, parcel or support thread' })
  id!: string;

  @Field({ description: 'Case number, order number or waybill; the buyer’s name for a conversation' })
  label!: string;

  @Field(() => String, { nullable: true, description: 'Case or parcel status; OPEN or CLOSED for a conversation' })
  status!: string | null;

  @Field()
  buyerName!: string;

  @Field()
  buyerMaskedPhone!: string;

  @Field(() => String, { nullable: true })
  orderNo!: string | null;

  @Field(() => ID, { nullable: true, description: 'The case to open: the hit itself, or its order’s latest case' })
  complaintId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The buyer’s support conversation (the open one first)' })
  threadId!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'What a bulk action did to one row: done, or refused with the code and why' })
export class BulkRowResult {
  @Field(() => ID)
  id!: string;

  @Field()
  ok!: boolean;

  @Field(() => String, { nullable: true })
  caseNo!: string | null;

  @Field(() => String, { nullable: true, description: 'The refusal’s error code (NOT_FOUND, INVALID_TRANSITION, CONFLICT…)' })
  code!: string | null;

  @Field(() => String, { nullable: true })
  message!: string | null;
}

@InputType()
export class BulkAssignInput {
  static schema = bulkAssignSchema;

  @Field(() => [ID])
  ids!: string[];

  @Field(() => ID, { nullable: true, description: 'Another agent; empty: yourself' })
  assigneeId?: string | null;
}

@InputType()
export class BulkNoteInput {
  static schema = bulkNoteSchema;

  @Field(() => [ID])
  ids!: string[];

  @Field()
  body!: string;
}

@InputType()
export class MacroInput {
  static schema = macroSchema;

  @Field(() => ID, { nullable: true, description: 'Empty: a new reply' })
  id?: string | null;

  @Field()
  title!: string;

  @Field()
  body!: string;

  @Field(() => MacroNextStep, { nullable: true })
  nextStep?: MacroNextStep | null;

  @Field(() => Int, { nullable: true, description: 'The version edited; a newer one answers CONFLICT' })
  expectedVersion?: number | null;
}

@ObjectType({ simpleResolvers: true })
export class DeskPresenceAgent {
  @Field(() => ID)
  id!: string;

  @Field()
  displayName!: string;

  @Field(() => DeskActivity)
  activity!: DeskActivity;
}

@ObjectType({ simpleResolvers: true, description: 'The other agents who have this case or conversation open now' })
export class DeskPresence {
  @Field(() => ID)
  targetId!: string;

  @Field(() => [DeskPresenceAgent])
  agents!: DeskPresenceAgent[];
}
