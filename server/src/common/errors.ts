import type { ApolloServerPlugin } from '@apollo/server';
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

/** How long a client waits before retrying an answer of SERVICE_UNAVAILABLE. */
export const UNAVAILABLE_RETRY_SECONDS = 5;

// A database that cannot be reached: the client's connection refused, reset or cut (Node's codes),
// PostgreSQL's connection exceptions (class 08), a server shutting down or starting (57P0x) or
// full (53300), and the pool's own words when it cannot hand out a connection.
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', '57P01', '57P02', '57P03', '53300']);
const UNREACHABLE_WORDS = /Connection terminated|Timeout acquiring a connection|not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)|Client has encountered a connection error|connect ECONNREFUSED/i;

/** Whether `error` (or what it wraps) says the database could not be reached, rather than refused a statement. */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { code, name, message, cause } = current as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
    if (name === 'ConnectionException') return true;
    if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) return true;
    if (typeof message === 'string' && UNREACHABLE_WORDS.test(message)) return true;
    current = cause ?? (current as { originalError?: unknown }).originalError;
  }
  return false;
}

export const serviceUnavailable = () =>
  new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `The service is briefly unavailable; try again in ${UNAVAILABLE_RETRY_SECONDS} s`, { retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS });

/** The error a request answers when its context cannot be made for want of the database: HTTP 503 with Retry-After. */
export function unavailableHttpError(): GraphQLError {
  const error = serviceUnavailable();
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { http: { status: 503, headers: new Map([['retry-after', String(UNAVAILABLE_RETRY_SECONDS)]]) } },
  });
}

/**
 * An operation that failed because the database could not be reached answers HTTP 503 with
 * Retry-After (its errors say SERVICE_UNAVAILABLE through formatGraphQLError), not 200: clients and
 * proxies retry it.
 */
export function serviceUnavailablePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ errors, response }) {
          if (!errors?.some((error) => isDatabaseUnreachable(error.originalError ?? error))) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(UNAVAILABLE_RETRY_SECONDS));
        },
      };
    },
  };
}

const GRAPHQL_ENGINE_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST']);

/** Turns whatever a resolver threw into the error a client sees. */
export function toClientError(original: unknown): { code: string; message: string; details?: Record<string, unknown> } | null {
  if (original instanceof DomainError) return { code: original.code, message: original.message, details: original.details };
  if (isDatabaseUnreachable(original)) {
    const unavailable = serviceUnavailable();
    return { code: unavailable.code, message: unavailable.message, details: unavailable.details };
  }
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
