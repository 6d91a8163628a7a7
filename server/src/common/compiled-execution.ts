import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, GraphQLError, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** Distinct operations compiled per process; past it, the oldest compiled one is dropped. */
const MAX_COMPILED = 500;
/** Documents remembered as seen once (a second request compiles them); the set starts over when full. */
const MAX_SEEN = 5000;

/**
 * Executes HTTP operations with graphql-jit instead of graphql-js: each distinct document is
 * compiled once into a function that resolves and completes its fields directly, and that
 * function then serves every later request of that document (see compiledFor).
 *
 * Why: on a list page graphql-js's general walk over the document (collecting fields, looking up
 * arguments, completing each value by type) took as much CPU as the project's own resolvers
 * and SQL together (bench/profile.ts, issue 22). The web app sends a few dozen fixed documents, so
 * compiling each once pays back within a few requests.
 *
 * Apollo keeps everything around execution: parsing, validation and the query limits, the
 * document cache, plugins (request budget, metrics, logging), error formatting and the HTTP answer.
 * It offers the executor through its gateway interface: this "gateway" serves the local schema.
 * Subscriptions (graphql-ws) keep graphql-js.
 */
export function compiledExecution(schema: GraphQLSchema): GatewayInterface {
  /** Compiled documents; null for one graphql-jit could not compile (graphql-js runs it). */
  const compiled = new Map<string, CompiledQuery | null>();
  /** Documents seen once and not compiled yet. */
  const seenOnce = new Set<string>();

  /**
   * Compiling a document costs more than executing it once: a document is compiled on its second
   * request, so the one-off documents of API clients never pay for it (or fill the cache).
   */
  function compiledFor(key: string, request: Parameters<GatewayExecutor>[0]): CompiledQuery | null {
    const known = compiled.get(key);
    if (known !== undefined) return known;
    if (!seenOnce.delete(key)) {
      if (seenOnce.size >= MAX_SEEN) seenOnce.clear();
      seenOnce.add(key);
      return null;
    }
    const result = compileQuery(schema, request.document, request.operationName ?? undefined);
    const query = isCompiledQuery(result) ? result : null;
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, query);
    return query;
  }

  const executor: GatewayExecutor = async (request) => {
    const variables = request.request.variables ?? {};
    const plain = () => execute({ schema, document: request.document, operationName: request.operationName, contextValue: request.context, variableValues: variables });
    const query = compiledFor(`${request.queryHash}\u0000${request.operationName ?? ''}`, request);
    if (!query) return plain();
    const result = await query.query(undefined, request.context, variables);
    if (!result.errors) return result;
    // Refused variables (nothing ran): graphql-js decides instead. graphql-jit refuses an omitted
    // non-null input field that has a default value, which graphql-js fills in, and its refusals
    // lack what Apollo needs to answer BAD_USER_INPUT.
    if (!('data' in result)) return plain();
    return { ...result, errors: result.errors.map(asGraphQLError) };
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      // A local schema has no supergraph; its SDL would only feed schema reporting, which is off.
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    load: async () => ({ schema, executor }),
    stop: async () => undefined,
  };
}

/**
 * graphql-jit's errors are its own GraphQLError look-alike, whose extensions are those of the
 * error a resolver threw, or none at all (Apollo's formatting then fails on `extensions.code` and
 * answers INTERNAL_SERVER_ERROR for a NOT_FOUND). Each becomes graphql-js's own error, with the
 * same message, path, locations and original error, as graphql-js's execution would have made.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const original = error.originalError ?? undefined;
  const copy = new GraphQLError(error.message, { path: error.path, originalError: original, extensions: original instanceof GraphQLError ? original.extensions : undefined });
  (copy as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return copy;
}
