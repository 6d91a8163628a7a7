import { Role } from '@parceldesk/shared';
import { CombinedError } from '@urql/core';
import { computed, shallowRef } from 'vue';
import type { LoginResult, Session, SessionUser } from '#shared/session/session';

/** A session without a server, for router and view tests. */
export function fakeSession(initial: SessionUser | null = null, loginResult?: LoginResult): Session & { loginCalls: unknown[] } {
  const user = shallowRef<SessionUser | null>(initial);
  const loginCalls: unknown[] = [];
  return {
    user,
    role: computed(() => user.value?.role ?? null),
    isSignedIn: computed(() => user.value !== null),
    loginCalls,
    load: async () => user.value,
    login: async (input) => {
      loginCalls.push(input);
      const result = loginResult ?? { ok: true, user: demoUser(Role.BUYER) };
      if (result.ok) user.value = result.user;
      return result;
    },
    logout: async () => {
      user.value = null;
    },
    expire: () => {
      user.value = null;
    },
  };
}

export function demoUser(role: Role): SessionUser {
  return { id: `u-${role}`, role, displayName: `${role} user`, maskedPhone: '138****0001' };
}

export const unauthenticated = () =>
  new CombinedError({ graphQLErrors: [{ message: 'bad credentials', extensions: { code: 'UNAUTHENTICATED' } }] });
