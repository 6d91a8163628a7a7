import { loginSchema } from '@parceldesk/shared';
import { Field, InputType, ObjectType } from 'type-graphql';
import { User } from './user.entity.js';

@InputType()
export class LoginInput {
  static schema = loginSchema;

  @Field({ description: '11-digit mobile number' })
  phone!: string;

  @Field()
  password!: string;
}

@ObjectType()
export class LoginPayload {
  @Field(() => User)
  user!: User;

  @Field({ description: 'Session token for `Authorization: Bearer` (browsers use the httpOnly cookie instead)' })
  token!: string;

  @Field()
  expiresAt!: Date;
}
