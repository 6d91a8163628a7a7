import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type Operation, type SubscriptionForwarder } from '@urql/core';
import { errorKind } from '#shared/errors/errorMessage';
import { retryOnGateway } from './gateway-retry';
import { forwardSubscription as forwardOverSocket } from './subscriptions';

export interface GraphQLClientOptions {
  url?: string;
  /** Called when any operation answers UNAUTHENTICATED (the session expired or was revoked). */
  onUnauthenticated?: (operation: Operation) => void;
  /** Tests: stand-ins for the socket and the network. */
  forwardSubscription?: SubscriptionForwarder;
  fetch?: typeof fetch;
}

/** Subscriptions, and the mutations that ask for the live socket (`liveSocketContext` in reconnect.ts). */
export function isSubscriptionOperation(operation: Operation): boolean {
  return operation.kind === 'subscription' || (operation.kind === 'mutation' && operation.context.overLiveSocket === true);
}

export function createGraphQLClient({ url = '/graphql', onUnauthenticated, forwardSubscription = forwardOverSocket, fetch }: GraphQLClientOptions = {}): Client {
  return new Client({
    url,
    // Behind nginx, a request that meets a restarting process gets a 502: try the next one.
    fetch: retryOnGateway(() => fetch ?? globalThis.fetch),
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
      // Before fetchExchange, which would otherwise take every mutation: subscriptions, and the
      // mutations that ask for it (`overLiveSocket`, see liveSocketContext), go over the socket.
      subscriptionExchange({ forwardSubscription, isSubscriptionOperation }),
      fetchExchange,
    ],
  });
}
