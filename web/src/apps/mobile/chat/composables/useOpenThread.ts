import { useClientHandle } from '@urql/vue';
import { shallowRef } from 'vue';
import { OpenThreadMutation } from '#shared/chat/graphql/chat';

/** Opens the parcel's courier thread or the buyer's support thread and answers its id. */
export function useOpenThread() {
  const { client } = useClientHandle();
  const error = shallowRef<unknown>(null);
  async function open(kind: 'parcel' | 'support', id: string | undefined): Promise<string | null> {
    error.value = null;
    const input = kind === 'parcel' ? { kind: 'COURIER' as const, shipmentId: id } : { kind: 'SUPPORT' as const, orderId: id ?? null };
    const result = await client.mutation(OpenThreadMutation, { input }).toPromise();
    if (!result.data) error.value = result.error ?? new Error('UNKNOWN');
    return result.data?.openThread.id ?? null;
  }
  return { open, error };
}
