import { showFailToast } from 'vant';
import 'vant/es/toast/style/index';
import { ref } from 'vue';
import { useErrorMessage } from '#shared/errors/errorMessage';

/**
 * One action on the case at a time: `acting` while it runs (the buttons show it), a toast when it
 * failed. `run` answers whether it succeeded.
 */
export function useCaseActions() {
  const errorMessage = useErrorMessage();
  const acting = ref(false);
  async function run(work: () => Promise<unknown>): Promise<boolean> {
    acting.value = true;
    try {
      const failed = await work();
      if (failed) showFailToast(errorMessage(failed) ?? '');
      return !failed;
    } finally {
      acting.value = false;
    }
  }
  return { acting, run };
}
