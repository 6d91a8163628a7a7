import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, ref, type Ref } from '@mikro-orm/core';
import { MacroNextStep } from '@parceldesk/shared';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';

registerEnumType(MacroNextStep, { name: 'MacroNextStep', description: 'What a canned reply also does to the case' });

/**
 * A canned reply (快捷回复) shared by every agent: a title, a body with `{{variables}}` (checked
 * on save against MACRO_VARIABLES) and an optional next step for the case.
 */
@ObjectType({ simpleResolvers: true, description: 'A canned reply shared by the agents' })
@Entity({ tableName: 'macros' })
export class Macro {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'version' | 'nextStep';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field()
  @Property({ type: 'string', length: 40, unique: true })
  title: string;

  @Field({ description: 'The text with {{buyerName}}, {{waybill}}, {{caseNo}} or {{refundAmount}} where the case’s values go' })
  @Property({ type: 'text' })
  body: string;

  @Field(() => MacroNextStep, { nullable: true })
  @Enum({ items: () => MacroNextStep, nativeEnumName: 'macro_next_step', nullable: true })
  nextStep: MacroNextStep | null = null;

  @ManyToOne(() => User, { ref: true })
  updatedBy: Ref<User>;

  @Field()
  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: 'Date' })
  updatedAt: Date = new Date();

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version: number = 1;

  constructor(input: { title: string; body: string; nextStep: MacroNextStep | null; author: User }) {
    this.title = input.title;
    this.body = input.body;
    this.nextStep = input.nextStep;
    this.updatedBy = ref(input.author);
  }
}
