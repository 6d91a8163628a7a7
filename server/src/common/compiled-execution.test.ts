import { ApolloServer } from '@apollo/server';
import { GraphQLID, GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compiledExecution } from './compiled-execution.js';
import { DomainError } from './errors.js';
import { ErrorCode } from '@parceldesk/shared';

// A small schema of its own: what is tested is the executor under Apollo, not a feature.
let resolved = 0;
const ReplyInput = new GraphQLInputObjectType({
  name: 'ReplyInput',
  fields: {
    body: { type: new GraphQLNonNull(GraphQLString) },
    photoIds: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLID))), defaultValue: [] },
  },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      hello: { type: GraphQLString, args: { name: { type: new GraphQLNonNull(GraphQLString) } }, resolve: (_root, args: { name: string }) => (resolved++, `你好 ${args.name}`) },
      missing: { type: GraphQLString, resolve: () => Promise.reject(new DomainError(ErrorCode.NOT_FOUND, 'Parcel not found')) },
    },
  }),
  mutation: new GraphQLObjectType({
    name: 'Mutation',
    fields: {
      reply: { type: GraphQLString, args: { input: { type: new GraphQLNonNull(ReplyInput) } }, resolve: (_root, args: { input: { body: string; photoIds: string[] } }) => `${args.input.body}:${args.input.photoIds.length}` },
    },
  }),
});

async function serve() {
  const apollo = new ApolloServer({
    gateway: compiledExecution(schema),
    formatError: (formatted, error) => {
      const original = (error as { originalError?: unknown }).originalError;
      return original instanceof DomainError ? { ...formatted, extensions: { code: original.code } } : formatted;
    },
  });
  await apollo.start();
  const run = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await apollo.executeOperation({ query, variables });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  };
  return { run, stop: () => apollo.stop() };
}

describe('compiled execution (graphql-jit under Apollo)', () => {
  it('answers every request of a document as graphql-js does, with its own variables', async () => {
    const { run, stop } = await serve();
    try {
      resolved = 0;
      for (const name of ['小王', '小李', '小张']) expect((await run('query($n: String!) { hello(name: $n) }', { n: name })).data).toEqual({ hello: `你好 ${name}` });
      expect(resolved).toBe(3);
    } finally {
      await stop();
    }
  });

  it("keeps a resolver's error, its path and its original for the error mapping", async () => {
    const { run, stop } = await serve();
    try {
      // The first request runs with graphql-js, the second compiled: both answer the same.
      for (let i = 0; i < 2; i++) {
        const result = await run('{ missing }');
        expect(result.data).toEqual({ missing: null });
        expect(result.errors).toEqual([expect.objectContaining({ message: 'Parcel not found', path: ['missing'], extensions: { code: 'NOT_FOUND' } })]);
      }
    } finally {
      await stop();
    }
  });

  it('fills an omitted input field from its default, and refuses bad variables as BAD_USER_INPUT', async () => {
    const { run, stop } = await serve();
    try {
      const reply = 'mutation($input: ReplyInput!) { reply(input: $input) }';
      await run(reply, { input: { body: '先来一次' } }); // compiled from the second request on
      expect((await run(reply, { input: { body: '少了一件' } })).data).toEqual({ reply: '少了一件:0' });
      expect((await run(reply, { input: { body: '看图', photoIds: ['a', 'b'] } })).data).toEqual({ reply: '看图:2' });
      const refused = await run(reply, { input: { photoIds: [] } });
      expect(refused.data).toBeUndefined();
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await stop();
    }
  });
});
