import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'Units suggested to send for the missing weight' })
export class SuggestedMissingItem {
  @Field(() => ID)
  lineId!: string;

  @Field()
  title!: string;

  @Field(() => Int)
  quantity!: number;
}

@ObjectType('PickupWarning', { simpleResolvers: true, description: '揽收称重偏轻: a parcel weighed light at pickup, what it should weigh, and what the store did' })
export class PickupAlertView {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  shipmentId!: string;

  @Field()
  waybillNo!: string;

  @Field()
  orderNo!: string;

  @Field(() => Int)
  expectedGrams!: number;

  @Field(() => Int)
  weighedGrams!: number;

  @Field(() => Int)
  missingGrams!: number;

  @Field(() => Int, { description: 'The workbench’s tolerance: max(50 g, 5 %)' })
  toleranceGrams!: number;

  @Field({ description: 'When the store was warned' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the store sent the missing goods' })
  actedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The supplementary parcel' })
  supplementWaybillNo!: string | null;

  @Field(() => [SuggestedMissingItem])
  suggested!: { lineId: string; title: string; quantity: number }[];
}
