import 'reflect-metadata';
import { graphql, type GraphQLSchema } from 'graphql';
import { Arg, Authorized, buildSchema, Ctx, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFieldsDirectly } from './direct-resolvers.js';

// A small schema of its own (this file's module registry has its own type-graphql metadata).
interface TestContext {
  role: string;
  calls: string[];
}

@ObjectType()
class Item {
  @Field(() => ID)
  id!: string;
}

@Resolver(() => Item)
class ItemResolver {
  @Query(() => [Item])
  items(): Item[] {
    return [{ id: 'a' }, { id: 'b' }];
  }

  @FieldResolver(() => String)
  label(@Ctx() ctx: TestContext, @Root() item: Item | { id: string }): string {
    return `${item.id}:${ctx.role}`;
  }

  @Authorized('AGENT')
  @FieldResolver(() => String)
  secret(@Root() item: Item | { id: string }): string {
    return `secret-${item.id}`;
  }

  @FieldResolver(() => String)
  shout(@Root() item: Item | { id: string }, @Arg('suffix') suffix: string): string {
    return `${item.id}${suffix}`;
  }

  @UseMiddleware(({ context }: { context: TestContext }, next) => {
    context.calls.push('middleware');
    return next();
  })
  @FieldResolver(() => String)
  watched(@Root() item: Item | { id: string }): string {
    return `watched-${item.id}`;
  }
}

let schema: GraphQLSchema;
let rewired: number;
beforeAll(async () => {
  schema = await buildSchema({
    resolvers: [ItemResolver],
    authChecker: ({ context }: { context: TestContext }, roles) => roles.includes(context.role),
    authMode: 'error',
  });
  rewired = resolveFieldsDirectly(schema, [ItemResolver]);
});

const run = (query: string, ctx: TestContext) => graphql({ schema, source: query, contextValue: ctx });

describe('resolveFieldsDirectly', () => {
  it('rewires only fields that take nothing but root, context and info, with no roles or middleware', () => {
    expect(rewired).toBe(1);
  });

  it('answers a rewired field as type-graphql did, with parameters in the declared order', async () => {
    const result = await run('{ items { id label } }', { role: 'BUYER', calls: [] });
    expect(result).toEqual({ data: { items: [{ id: 'a', label: 'a:BUYER' }, { id: 'b', label: 'b:BUYER' }] } });
  });

  it('leaves @Authorized fields to type-graphql, which still refuses the wrong role', async () => {
    const refused = await run('{ items { secret } }', { role: 'BUYER', calls: [] });
    expect(refused.errors?.[0]?.message).toMatch(/Access denied/);
    const allowed = await run('{ items { secret } }', { role: 'AGENT', calls: [] });
    expect(allowed.data).toEqual({ items: [{ secret: 'secret-a' }, { secret: 'secret-b' }] });
  });

  it('leaves fields with arguments or middleware to type-graphql', async () => {
    const ctx = { role: 'BUYER', calls: [] as string[] };
    const result = await run('{ items { shout(suffix: "!") watched } }', ctx);
    expect(result.data).toEqual({ items: [{ shout: 'a!', watched: 'watched-a' }, { shout: 'b!', watched: 'watched-b' }] });
    expect(ctx.calls).toEqual(['middleware', 'middleware']);
  });
});
