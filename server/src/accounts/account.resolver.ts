import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../common/context.js';
import { AccountService, type SessionUser } from './account.service.js';
import { LoginInput, LoginPayload } from './account.types.js';
import { User } from './user.entity.js';

@Resolver()
export class AccountResolver {
  @Query(() => User, { nullable: true, description: 'Who is signed in; null without a session' })
  me(@Ctx() ctx: Context): SessionUser | null {
    return ctx.user;
  }

  @Mutation(() => LoginPayload, { description: 'Signs in by phone and password; sets the session cookie' })
  login(@Arg('input') input: LoginInput, @Ctx() ctx: Context): Promise<LoginPayload> {
    return new AccountService(ctx).login(input);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Ends this session and closes its live connections' })
  logout(@Ctx() ctx: Context): Promise<boolean> {
    return new AccountService(ctx).logout();
  }
}
