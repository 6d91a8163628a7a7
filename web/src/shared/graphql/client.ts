import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type Operation } from '@urql/core';
import { errorKind } from '#shared/errors/errorMessage';
import { forwardSubscription } from './subscriptions';

export interface GraphQLClientOptions {
  url?: string;
  /** Called when any operation answers UNAUTHENTICATED (the session expired or was revoked). */
  onUnauthenticated?: (operation: Operation) => void;
}

export function createGraphQLClient({ url = '/graphql', onUnauthenticated }: GraphQLClientOptions = {}): Client {
  return new Client({
    url,
    // Apollo's CSRF prevention rejects GET (and simple) requests: always POST application/json.
    preferGetMethod: false,
    fetchOptions: { credentials: 'include' },
    exchanges: [
      mapExchange({
        onError(error, operation) {
          if (errorKind(error) === 'UNAUTHENTICATED') onUnauthenticated?.(operation);
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({ forwardSubscription }),
    ],
  });
}
