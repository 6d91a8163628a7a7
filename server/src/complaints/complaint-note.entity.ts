import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, ref, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';
import { Complaint } from './complaint.entity.js';

/** An agent's internal note (agents only) or a public reply (everyone on the case). */
@ObjectType({ simpleResolvers: true, description: 'A note on a complaint: internal notes reach agents only' })
@Entity({ tableName: 'complaint_notes' })
@Index({ properties: ['complaint', 'createdAt'] })
export class ComplaintNote {
  [OptionalProps]?: 'createdAt' | 'photoIds';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Complaint, { ref: true, deleteRule: 'cascade' })
  complaint: Ref<Complaint>;

  @ManyToOne(() => User, { ref: true })
  author: Ref<User>;

  @Field()
  @Property({ type: 'text' })
  body: string;

  @Field()
  @Property({ type: 'boolean' })
  internal: boolean;

  /** Photos the author sent with these words (补充凭证); they belong to the case's evidence. */
  @Property({ type: 'uuid[]', default: '{}' })
  photoIds: string[] = [];

  @Field()
  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  constructor(input: { complaint: Complaint; author: User; body: string; internal: boolean; photoIds?: string[] }) {
    this.complaint = ref(input.complaint);
    this.author = ref(input.author);
    this.body = input.body;
    this.internal = input.internal;
    this.photoIds = input.photoIds ?? [];
  }
}
