import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '@parceldesk/shared';
import { GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Context } from './context.js';
import { DomainError } from './errors.js';
import { BatchedLimit, type SharedCounters } from './shared-counters.js';

/**
 * A per-user budget of GraphQL work: each operation costs one point per root field, so forty
 * aliased lookups in one request cost what forty requests would. Signed-in users are counted by
 * user (their requests from any address share one budget), anonymous requests by client address.
 * A spent budget answers RATE_LIMITED with retryAfterSeconds (and HTTP 429 with Retry-After), so one
 * user hammering the API is turned away cheaply instead of queueing ahead of everybody else.
 *
 * Counted in PostgreSQL for every process at once (shared-counters.ts#BatchedLimit): charges far
 * from the limit are written in one statement per process every 100 ms, charges near it wait for
 * an exact upsert, so N processes allow the budget plus at most (N - 1) tenths of it.
 */
export class RequestBudget {
  private readonly limit: BatchedLimit;

  constructor(budget: Config['requestBudget'], counters: SharedCounters, logger: Logger) {
    this.limit = new BatchedLimit(counters, budget, logger);
  }

  /** Charges `points` to whoever is asking; throws RATE_LIMITED when their budget is spent. */
  async charge(who: Pick<Context, 'user' | 'clientAddress'>, points: number): Promise<void> {
    const key = who.user ? `budget:user:${who.user.id}` : `budget:address:${who.clientAddress}`;
    const admission = await this.limit.consume(key, Math.max(1, points));
    if (admission.allowed) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(admission.msBeforeNext / 1000));
    throw new DomainError(ErrorCode.RATE_LIMITED, `Too many requests; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }

  stop(): Promise<void> {
    return this.limit.stop();
  }
}

/** Counted once per parsed operation: Apollo and the socket server reuse a document they have seen. */
const rootFieldCounts = new WeakMap<OperationDefinitionNode, number>();

/** The number of fields an operation asks for at its root, fragments included (`__typename` is free). */
export function rootFieldCount(document: DocumentNode, operation: OperationDefinitionNode): number {
  let count = rootFieldCounts.get(operation);
  if (count === undefined) {
    count = countRootFields(document, operation);
    rootFieldCounts.set(operation, count);
  }
  return count;
}

function countRootFields(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])),
  );
  const seen = new Set<string>();
  const count = (selectionSet: SelectionSetNode): number =>
    selectionSet.selections.reduce((total, selection) => {
      if (selection.kind === Kind.FIELD) return total + (selection.name.value === '__typename' ? 0 : 1);
      if (selection.kind === Kind.INLINE_FRAGMENT) return total + count(selection.selectionSet);
      const fragment = fragments.get(selection.name.value);
      // A fragment spread twice at the root merges into the same fields: count it once.
      if (!fragment || seen.has(selection.name.value)) return total;
      seen.add(selection.name.value);
      return total + count(fragment);
    }, 0);
  return count(operation.selectionSet);
}

/** Charges every HTTP operation, once the operation is known and before it runs. */
export function requestBudgetPlugin(budget: RequestBudget): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation }) {
          try {
            await budget.charge(contextValue, operation ? rootFieldCount(document, operation) : 1);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            const retryAfter = String(error.details.retryAfterSeconds);
            throw new GraphQLError(error.message, {
              originalError: error,
              extensions: { http: { status: 429, headers: new Map([['retry-after', retryAfter]]) } },
            });
          }
        },
      };
    },
  };
}
