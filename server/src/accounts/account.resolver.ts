import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { AccountContext } from './account.deps.js';
import { AccountService } from './account.service.js';
import type { SessionUser } from '../common/session.js';
import { LoginInput, LoginPayload } from './account.types.js';
import { User } from './user.entity.js';

@Resolver()
export class AccountResolver {
  @Query(() => User, { nullable: true, description: 'Who is signed in; null without a session' })
  me(@Ctx() ctx: AccountContext): SessionUser | null {
    return ctx.user;
  }

  @Mutation(() => LoginPayload, { description: 'Signs in by phone and password; sets the session cookie' })
  login(@Arg('input') input: LoginInput, @Ctx() ctx: AccountContext): Promise<LoginPayload> {
    return new AccountService(ctx).login(input);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends this session and closes its live connections' })
  logout(@Ctx() ctx: AccountContext): Promise<boolean> {
    return new AccountService(ctx).logout();
  }
}
