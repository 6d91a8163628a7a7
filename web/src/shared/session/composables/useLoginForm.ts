import { isValidPhone } from '@parceldesk/shared';
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import { errorKind, errorMessage } from '#shared/errors/errorMessage';
import { destinationAfterLogin } from '#shared/routing/landing';
import type { LoginFocus } from '../components/LoginForm.vue';
import { useSession } from '../session';

/** Login form state and submit: checks what it can locally, then lets the server decide. */
export function useLoginForm() {
  const { t } = useI18n();
  const session = useSession();
  const router = useRouter();
  const route = useRoute();

  const phone = ref('');
  const password = ref('');
  const submitting = ref(false);
  const error = ref<string | null>(null);
  /** Where the focus goes after a failed attempt; `attempt` counts them so the same error refocuses. */
  const errorAt = ref<LoginFocus | null>(null);
  const attempt = ref(0);
  /** Sent here by an expired session (handleSessionExpiry): said until the next attempt. */
  const expired = ref(route.query.reason === 'expired');

  function fail(message: string | null, at: LoginFocus): void {
    error.value = message;
    errorAt.value = at;
    attempt.value += 1;
  }

  async function submit(): Promise<void> {
    if (submitting.value) return;
    expired.value = false;
    phone.value = phone.value.replace(/\s+/g, '');
    if (!isValidPhone(phone.value)) return fail(t('login.invalidPhone'), 'phone');
    if (!password.value) return fail(t('login.missingPassword'), 'password');
    error.value = null;
    submitting.value = true;
    try {
      const result = await session.login({ phone: phone.value, password: password.value });
      if (!result.ok) {
        const wrong = errorKind(result.error) === 'UNAUTHENTICATED';
        fail(errorMessage(result.error, t, { UNAUTHENTICATED: 'login.invalidCredentials' }), wrong ? 'password' : 'error');
        return;
      }
      await router.replace(destinationAfterLogin(result.user.role, route.query.redirect, (path) => router.resolve(path)));
    } finally {
      submitting.value = false;
    }
  }

  function fill(demoPhone: string, demoPassword: string): void {
    phone.value = demoPhone;
    password.value = demoPassword;
    error.value = null;
  }

  return { phone, password, submitting, error, errorAt, attempt, expired, submit, fill };
}
