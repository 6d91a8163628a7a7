import { Entity, ManyToOne, OneToOne, OptionalProps, PrimaryKey, Property, ref, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import { AutoRule, type AutoCheck } from './auto-decision.rules.js';
import { Complaint } from './complaint.entity.js';

export const AutoOutcome = {
  /** Every rule passed: refunded by the system actor. */
  REFUNDED: 'REFUNDED',
  /** A rule did not pass: the case waits for an agent as any other. */
  DECLINED: 'DECLINED',
} as const;
export type AutoOutcome = (typeof AutoOutcome)[keyof typeof AutoOutcome];
registerEnumType(AutoOutcome, { name: 'AutoOutcome' });

@ObjectType('AutoCheck', { simpleResolvers: true, description: 'One rule of an instant decision with its outcome and the figures it compared' })
export class AutoCheckType {
  @Field(() => AutoRule)
  rule!: AutoRule;

  @Field()
  passed!: boolean;

  @Field()
  detail!: string;
}

/**
 * The one instant decision of a case (docs/trust.md): made once, shortly after filing, by the
 * `complaints.auto-decide` job; the unique complaint makes it once under any number of processes.
 * Kept with the checks and facts it used, whatever the outcome, and reversible by an agent.
 */
@ObjectType({ simpleResolvers: true, description: 'The instant decision of a case: the rules checked, what they found and what was done' })
@Entity({ tableName: 'auto_decisions' })
export class AutoDecision {
  [OptionalProps]?: 'decidedAt' | 'reversedAt' | 'reversedBy' | 'reverseReason' | 'refundCents';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @OneToOne(() => Complaint, { ref: true, owner: true, unique: true, deleteRule: 'cascade' })
  complaint: Ref<Complaint>;

  @Field(() => AutoOutcome)
  @Property({ type: 'string', length: 16 })
  outcome: AutoOutcome;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  refundCents: number | null = null;

  @Field(() => [AutoCheckType])
  @Property({ type: 'json' })
  checks: AutoCheck[];

  /** The signals and history figures the rules read, as they were (agents read them through `checks`). */
  @Property({ type: 'json' })
  facts: Record<string, unknown>;

  @Field()
  @Property({ type: 'Date' })
  decidedAt: Date = new Date();

  @Field({ description: 'Until when an agent may reverse it' })
  @Property({ type: 'Date' })
  reversibleUntil: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'Date', nullable: true })
  reversedAt: Date | null = null;

  @ManyToOne(() => User, { ref: true, nullable: true })
  reversedBy: Ref<User> | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 500, nullable: true })
  reverseReason: string | null = null;

  constructor(input: { complaint: Complaint; outcome: AutoOutcome; refundCents: number | null; checks: AutoCheck[]; facts: Record<string, unknown>; at: Date; reversibleHours: number }) {
    this.complaint = ref(input.complaint);
    this.outcome = input.outcome;
    this.refundCents = input.refundCents;
    this.checks = input.checks;
    this.facts = input.facts;
    this.decidedAt = input.at;
    this.reversibleUntil = new Date(input.at.getTime() + input.reversibleHours * 3600_000);
  }

  reverse(by: User, reason: string, at: Date): void {
    this.reversedAt = at;
    this.reversedBy = ref(by);
    this.reverseReason = reason;
  }
}
