import { ErrorCode } from '@parceldesk/shared';
import type { ValidatorFn } from 'type-graphql';
import type { ZodType } from 'zod';
import { DomainError } from './errors.js';

/** Input classes that carry a zod schema from `shared/`, so the form and the server read one rule. */
export interface ValidatedInput {
  schema?: ZodType;
}

/**
 * type-graphql's validateFn: runs the input class's `static schema` on each argument and turns
 * the first problem into BAD_USER_INPUT naming the field. A valid argument takes the schema's
 * output, so resolvers see the cleaned values.
 */
export const validateWithZod: ValidatorFn = (value, type) => {
  const schema = typeof type === 'function' ? (type as ValidatedInput).schema : undefined;
  if (!schema || value === undefined || value === null) return;
  const result = schema.safeParse(value);
  if (result.success) {
    // The resolver gets what the rule made of the input (trimmed, cleaned), not the raw text:
    // otherwise a phone with spaces around it passes the check and then matches no user.
    if (typeof value === 'object' && typeof result.data === 'object' && result.data !== null) Object.assign(value, result.data);
    return;
  }
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || 'input';
  throw new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: ${issue.message}`, {
    field,
    fields: result.error.issues.map((i: { path: PropertyKey[] }) => i.path.join('.')),
  });
};
