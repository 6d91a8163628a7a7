import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Locale, maskPhone, Role } from '@parceldesk/shared';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { randomUUID } from 'node:crypto';

registerEnumType(Role, { name: 'Role', description: 'What a user does on the platform' });

@ObjectType({ simpleResolvers: true, description: 'Anyone who signs in: buyer, courier, merchant or support agent' })
@Entity({ tableName: 'users' })
// The agents' search (issue 17): a buyer's name from its start or its end, index-backed in any collation.
@Index({ name: 'users_display_name_prefix', expression: `create index "users_display_name_prefix" on "users" (lower("display_name") varchar_pattern_ops)` })
@Index({ name: 'users_display_name_suffix', expression: `create index "users_display_name_suffix" on "users" (reverse(lower("display_name")) varchar_pattern_ops)` })
export class User {
  [OptionalProps]?: 'createdAt' | 'locale' | 'maskedPhone';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => Role)
  @Enum({ items: () => Role, nativeEnumName: 'user_role' })
  role: Role;

  /** Unique login name; shown to others only masked (see `maskedPhone`). */
  @Property({ type: 'string', length: 20, unique: true })
  phone: string;

  @Field()
  @Property({ type: 'string', length: 40 })
  displayName: string;

  @Property({ type: 'string', length: 200, lazy: true, hidden: true })
  passwordHash: string;

  @Field({ description: 'zh-CN or en' })
  @Property({ type: 'string', length: 10 })
  locale: string = Locale.zh_CN;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  constructor(input: { role: Role; phone: string; displayName: string; passwordHash: string; locale?: string }) {
    this.role = input.role;
    this.phone = input.phone;
    this.displayName = input.displayName;
    this.passwordHash = input.passwordHash;
    if (input.locale) this.locale = input.locale;
  }

  /** Published by UserResolver.maskedPhone (reads answer plain rows that carry it already). */
  get maskedPhone(): string {
    return maskPhone(this.phone);
  }
}
