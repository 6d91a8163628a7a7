import { isValidPhone } from '@parceldesk/shared';
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import { errorMessage } from '#shared/errors/errorMessage';
import { destinationAfterLogin } from '#shared/routing/landing';
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

  function localError(): string | null {
    if (!isValidPhone(phone.value)) return t('login.invalidPhone');
    if (!password.value) return t('login.missingPassword');
    return null;
  }

  async function submit(): Promise<void> {
    if (submitting.value) return;
    phone.value = phone.value.replace(/\s+/g, '');
    error.value = localError();
    if (error.value) return;
    submitting.value = true;
    try {
      const result = await session.login({ phone: phone.value, password: password.value });
      if (!result.ok) {
        error.value = errorMessage(result.error, t, { UNAUTHENTICATED: 'login.invalidCredentials' });
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

  return { phone, password, submitting, error, submit, fill };
}
