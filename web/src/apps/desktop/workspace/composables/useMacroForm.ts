import { MACRO_VARIABLES, type MacroNextStep } from '@parceldesk/shared';
import { useMutation } from '@urql/vue';
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { errorField, errorKind, useErrorMessage } from '#shared/errors/errorMessage';
import { DeleteMacroMutation, SaveMacroMutation } from '../graphql/workspace';
import type { MacroItem } from './useMacros';

/** Adding, editing and removing a canned reply; refusals on their field, in the page's language. */
export function useMacroForm(onSaved: () => void) {
  const { t } = useI18n();
  const errorMessage = useErrorMessage();
  const editing = ref<MacroItem | null>(null);
  const title = ref('');
  const body = ref('');
  const nextStep = ref<MacroNextStep | null>(null);
  const errors = ref<Partial<Record<'title' | 'body' | 'form', string>>>({});
  const busy = ref(false);
  const done = ref<string | null>(null);
  const save = useMutation(SaveMacroMutation);
  const remove = useMutation(DeleteMacroMutation);
  const list = MACRO_VARIABLES.map((v) => `{{${v}}}`).join(' ');

  function edit(macro: MacroItem | null): void {
    editing.value = macro;
    title.value = macro?.title ?? '';
    body.value = macro?.body ?? '';
    nextStep.value = macro?.nextStep ?? null;
    errors.value = {};
    done.value = null;
  }

  function explain(error: unknown): void {
    const field = errorField(error);
    const ext = (error as { graphQLErrors?: { extensions?: { variable?: string } }[] }).graphQLErrors?.[0]?.extensions ?? {};
    if (field === 'body' && ext.variable) errors.value = { body: t('workspace.macros.unknownVariable', { name: `{{${ext.variable}}}`, list }) };
    else if (field === 'title' && errorKind(error) === 'BAD_USER_INPUT' && title.value.trim()) errors.value = { title: t('workspace.macros.titleTaken') };
    else if (field === 'title' || field === 'body') errors.value = { [field]: t('workspace.macros.required', { field: t(field === 'title' ? 'workspace.macros.fieldTitle' : 'workspace.macros.fieldBody') }) };
    else if (errorKind(error) === 'CONFLICT') errors.value = { form: t('workspace.macros.stale') };
    else errors.value = { form: errorMessage(error) ?? t('error.UNKNOWN') };
  }

  return {
    editing,
    title,
    body,
    nextStep,
    errors,
    busy,
    done,
    variables: list,
    edit,
    async submit(): Promise<void> {
      busy.value = true;
      errors.value = {};
      const input = { id: editing.value?.id ?? null, title: title.value, body: body.value, nextStep: nextStep.value, expectedVersion: editing.value?.version ?? null };
      const r = await save.executeMutation({ input });
      busy.value = false;
      if (r.error) return explain(r.error);
      done.value = t('workspace.macros.saved');
      edit(null);
      onSaved();
    },
    async remove(macro: MacroItem): Promise<void> {
      const r = await remove.executeMutation({ id: macro.id });
      if (r.error) return explain(r.error);
      done.value = t('workspace.macros.deleted');
      onSaved();
    },
  };
}
