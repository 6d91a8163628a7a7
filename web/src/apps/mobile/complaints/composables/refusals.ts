import { errorField } from '#shared/errors/errorMessage';

type Translate = (key: string, params?: Record<string, unknown>) => string;

interface GqlErrorShape {
  graphQLErrors?: ReadonlyArray<{ message?: string; extensions?: Record<string, unknown> | null }>;
}

export const fieldOfError = errorField;

/**
 * A field refusal from the server in the viewer's language: the field's rule, with the number the
 * server gave (`max`) where there is one. Unknown fields fall back to the server's own words.
 */
export function refusalText(t: Translate, error: unknown, field: string): string {
  const first = (error as GqlErrorShape | null | undefined)?.graphQLErrors?.find((e) => e.extensions?.field === field);
  const max = first?.extensions?.max;
  const rule = field.replace(/^missingItems\.\d+\./, 'missingItems.');
  switch (rule) {
    case 'missingItems.quantityMissing':
      return typeof max === 'number' ? t('complaints.refusal.quantityMax', { max }) : t('complaints.need.lines');
    case 'missingItems':
    case 'missingItems.orderLineId':
      return t('complaints.need.lines');
    case 'description':
      return t('complaints.refusal.description');
    case 'evidenceIds':
      return t('complaints.refusal.photos');
    case 'body':
      return t('complaints.refusal.body');
    case 'reason':
      return t('complaints.refusal.reason');
    case 'comment':
      return t('complaints.refusal.comment');
    default:
      return first?.message ?? field;
  }
}
