import { Entity, OneToOne, PrimaryKey, Property, ref, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../accounts/user.entity.js';

@ObjectType({ simpleResolvers: true, description: "A store; run by one MERCHANT user" })
@Entity({ tableName: 'merchants' })
export class Merchant {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field()
  @Property({ type: 'string', length: 60 })
  name: string;

  @OneToOne(() => User, { ref: true, unique: true, owner: true })
  owner: Ref<User>;

  constructor(owner: User, name: string) {
    this.owner = ref(owner);
    this.name = name;
  }
}
