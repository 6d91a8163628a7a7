import type { Role } from '@parceldesk/shared';
import type { Client, CombinedError } from '@urql/core';
import { computed, inject, shallowRef, type ComputedRef, type InjectionKey, type Ref } from 'vue';
import { errorKind } from '#shared/errors/errorMessage';
import { restartSubscriptions } from '#shared/graphql/subscriptions';
import { LoginMutation, LogoutMutation, MeQuery } from './graphql/session';

export interface SessionUser {
  id: string;
  role: Role;
  displayName: string;
  maskedPhone: string;
}

export type LoginResult = { ok: true; user: SessionUser } | { ok: false; error: CombinedError };

export interface Session {
  user: Readonly<Ref<SessionUser | null>>;
  role: ComputedRef<Role | null>;
  isSignedIn: ComputedRef<boolean>;
  /** Ask the server who we are, once; later calls answer from memory. */
  load(): Promise<SessionUser | null>;
  login(input: { phone: string; password: string }): Promise<LoginResult>;
  logout(): Promise<void>;
  /** The server said UNAUTHENTICATED: forget the user without asking again. */
  expire(): void;
}

export const SessionKey: InjectionKey<Session> = Symbol('session');

/**
 * The signed-in user for the whole page. The cookie (`pd_session`, httpOnly) is the session; this
 * only mirrors `me` so that the router guard and the apps can decide without a round trip each time.
 */
export function createSession(client: Client): Session {
  const user = shallowRef<SessionUser | null>(null);
  let known = false;
  let pending: Promise<SessionUser | null> | null = null;

  function load(): Promise<SessionUser | null> {
    if (known) return Promise.resolve(user.value);
    pending ??= client
      .query(MeQuery, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        user.value = result.data?.me ?? null;
        // A network failure leaves the question open, so the next navigation asks again.
        known = !result.error || errorKind(result.error) === 'UNAUTHENTICATED';
        return user.value;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  async function login(input: { phone: string; password: string }): Promise<LoginResult> {
    const result = await client.mutation(LoginMutation, { input }, { requestPolicy: 'network-only' }).toPromise();
    const signedIn = result.data?.login.user;
    if (result.error || !signedIn) return { ok: false, error: result.error as CombinedError };
    user.value = signedIn;
    known = true;
    // An open socket still carries the previous identity.
    restartSubscriptions();
    return { ok: true, user: signedIn };
  }

  async function logout(): Promise<void> {
    await client.mutation(LogoutMutation, {}).toPromise();
    user.value = null;
    known = true;
  }

  function expire(): void {
    user.value = null;
    known = true;
  }

  return {
    user,
    role: computed(() => user.value?.role ?? null),
    isSignedIn: computed(() => user.value !== null),
    load,
    login,
    logout,
    expire,
  };
}

export function useSession(): Session {
  const session = inject(SessionKey);
  if (!session) throw new Error('useSession() needs the session provided by main.ts');
  return session;
}
