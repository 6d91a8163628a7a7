import { FieldResolver, Resolver, Root } from 'type-graphql';
import { User } from './user.entity.js';

/**
 * Fields computed from a user. A resolver method rather than an entity getter: reads answer plain
 * rows, and type-graphql would construct an entity from a row to call a getter.
 */
@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => String, { description: 'The phone with its middle digits hidden: 138****0002' })
  maskedPhone(@Root() user: User | { maskedPhone: string }): string {
    return user.maskedPhone;
  }
}
