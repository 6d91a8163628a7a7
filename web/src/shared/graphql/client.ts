import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type Operation, type OperationContext, type SubscriptionForwarder } from '@urql/core';
import { errorKind } from '#shared/errors/errorMessage';
import { socketStatus } from './reconnect';
import { forwardSubscription as forwardOverSocket } from './subscriptions';

export interface GraphQLClientOptions {
  url?: string;
  /** Called when any operation answers UNAUTHENTICATED (the session expired or was revoked). */
  onUnauthenticated?: (operation: Operation) => void;
  /** Tests: stand-ins for the socket and the network. */
  forwardSubscription?: SubscriptionForwarder;
  fetch?: typeof fetch;
}

/**
 * Context for a mutation the server also serves over the live socket (chat's sendMessage,
 * markThreadRead, setTyping): while the socket is connected it goes there, saving an HTTP request
 * and its session lookup; otherwise over HTTP as usual. A mutation in flight when the socket drops
 * is sent again once it is back (graphql-ws resubscribes), which is why only idempotent ones ask.
 */
export function liveSocketContext(): Partial<OperationContext> {
  return { overLiveSocket: socketStatus.value === 'connected' };
}

export function isSubscriptionOperation(operation: Operation): boolean {
  return operation.kind === 'subscription' || (operation.kind === 'mutation' && operation.context.overLiveSocket === true);
}

export function createGraphQLClient({ url = '/graphql', onUnauthenticated, forwardSubscription = forwardOverSocket, fetch }: GraphQLClientOptions = {}): Client {
  return new Client({
    url,
    fetch,
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
