import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '@parceldesk/shared';
import { ArgumentValidationError, AuthenticationError, AuthorizationError } from 'type-graphql';
import type { Logger } from 'pino';

/** An expected failure: services throw it, `formatError` turns it into a GraphQL error code. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);
export const badInput = (field: string, message: string) =>
  new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { field });

const GRAPHQL_ENGINE_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST']);

/** Turns whatever a resolver threw into the error a client sees. */
export function toClientError(original: unknown): { code: string; message: string; details?: Record<string, unknown> } | null {
  if (original instanceof DomainError) return { code: original.code, message: original.message, details: original.details };
  if (original instanceof AuthenticationError) return { code: ErrorCode.UNAUTHENTICATED, message: 'Sign in first' };
  if (original instanceof AuthorizationError) return { code: ErrorCode.FORBIDDEN, message: 'Your role may not do this' };
  if (original instanceof ArgumentValidationError) {
    const fields = original.extensions.validationErrors?.map((e) => e.property) ?? [];
    const reasons = original.extensions.validationErrors?.flatMap((e) => Object.values(e.constraints ?? {})) ?? [];
    return { code: ErrorCode.BAD_USER_INPUT, message: `Invalid input: ${reasons.join('; ')}`, details: { fields } };
  }
  return null;
}

/**
 * The one place errors are mapped (Apollo's formatError and graphql-ws's onError both call it).
 * Unexpected errors are logged with their stack and answered without one, outside development.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: { isDevelopment: boolean; logger: Logger },
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const mapped = toClientError(original);
  if (mapped) {
    return { message: mapped.message, locations: formatted.locations, path: formatted.path, extensions: { code: mapped.code, ...mapped.details } };
  }
  const code = formatted.extensions?.code as string | undefined;
  if (code && GRAPHQL_ENGINE_CODES.has(code)) {
    return { message: formatted.message, locations: formatted.locations, extensions: { code } };
  }
  if (original instanceof GraphQLError && !original.originalError && !code) {
    // Validation-rule errors (depth, cost) are client mistakes with safe messages.
    return { message: formatted.message, locations: formatted.locations, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
  }
  options.logger.error({ err: original, path: formatted.path }, 'unexpected error');
  if (options.isDevelopment) return formatted;
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
