import { ref } from 'vue';
import { LOGIN_PATH } from '#shared/routing/landing';
import { useSession } from '../session';

/**
 * Log out, then load /login as a fresh page: that drops the urql cache, the subscription socket and
 * any feature state that belonged to the previous user in one go.
 */
export function useLogout() {
  const session = useSession();
  const loggingOut = ref(false);
  async function logout(): Promise<void> {
    if (loggingOut.value) return;
    loggingOut.value = true;
    try {
      await session.logout();
    } finally {
      window.location.replace(LOGIN_PATH);
    }
  }
  return { logout, loggingOut };
}
