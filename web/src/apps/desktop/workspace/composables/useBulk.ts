import { useMutation, useQuery } from '@urql/vue';
import { computed, ref, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { errorMessage } from '#shared/errors/errorMessage';
import { BulkAssignMutation, BulkNoteMutation, DeskAgentsQuery } from '../graphql/workspace';

type RowResult = { id: string; ok: boolean; caseNo?: string | null; code?: string | null };

/** The queue's selection and what can be done to it; refusals are reported per row, in the page's language. */
export function useBulk(caseNoOf: (id: string) => string) {
  const { t } = useI18n();
  const selected = ref(new Set<string>());
  const busy = ref(false);
  const report = shallowRef<{ done: number; refused: string[] } | null>(null);
  const agents = useQuery({ query: DeskAgentsQuery, requestPolicy: 'cache-first' });
  const assign = useMutation(BulkAssignMutation);
  const note = useMutation(BulkNoteMutation);

  function toggle(id: string): void {
    const next = new Set(selected.value);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    selected.value = next;
  }

  async function run(work: () => Promise<{ rows?: RowResult[]; error?: unknown }>): Promise<boolean> {
    busy.value = true;
    try {
      const { rows, error } = await work();
      if (error || !rows) {
        report.value = { done: 0, refused: [errorMessage(error, t) ?? ''] };
        return false;
      }
      report.value = {
        done: rows.filter((r) => r.ok).length,
        refused: rows.filter((r) => !r.ok).map((r) => t('workspace.bulk.refused', { no: r.caseNo ?? caseNoOf(r.id), reason: t(`error.${r.code ?? 'UNKNOWN'}`) })),
      };
      selected.value = new Set(rows.filter((r) => !r.ok).map((r) => r.id));
      return true;
    } finally {
      busy.value = false;
    }
  }

  return {
    selected,
    busy,
    report,
    agents: computed(() => agents.data.value?.deskAgents ?? []),
    toggle,
    selectAll(ids: string[]): void {
      selected.value = ids.every((id) => selected.value.has(id)) ? new Set() : new Set(ids);
    },
    clear(): void {
      selected.value = new Set();
    },
    assignTo: (assigneeId: string | null) =>
      run(async () => {
        const r = await assign.executeMutation({ input: { ids: [...selected.value], assigneeId } });
        return { rows: r.data?.bulkAssignComplaints, error: r.error };
      }),
    addNote: (body: string) =>
      run(async () => {
        const r = await note.executeMutation({ input: { ids: [...selected.value], body } });
        return { rows: r.data?.bulkAddInternalNote, error: r.error };
      }),
  };
}
