import { ErrorCode } from '@parceldesk/shared';
import { useI18n } from 'vue-i18n';

/** What went wrong, as far as the viewer needs to know: a §3 code, or the transport, or neither. */
export type ErrorKind = ErrorCode | 'NETWORK' | 'UNKNOWN';

type Translate = (key: string, params?: Record<string, unknown>) => string;
export type ErrorMessageOverrides = Partial<Record<ErrorKind, string>>;

const CODES = new Set<string>(Object.values(ErrorCode));
/** Plain-HTTP answers without a GraphQL body (upload route, proxies) still say something useful. */
const HTTP_STATUS: Record<number, ErrorCode> = {
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

interface ErrorShape {
  graphQLErrors?: ReadonlyArray<{ extensions?: Record<string, unknown> | null }>;
  networkError?: unknown;
  response?: { status?: number } | null;
  /** `{ error: { code } }` bodies of the upload route, or a DomainError-like value. */
  code?: unknown;
}

function asCode(value: unknown): ErrorCode | null {
  return typeof value === 'string' && CODES.has(value) ? (value as ErrorCode) : null;
}

/** The input field a BAD_USER_INPUT names in `extensions.field`, for forms to show the message there. */
export function errorField(error: unknown): string | undefined {
  const errors = (error as ErrorShape | null | undefined)?.graphQLErrors ?? [];
  const field = errors.find((e) => e?.extensions?.field)?.extensions?.field;
  return typeof field === 'string' ? field : undefined;
}

/**
 * Classify an urql `CombinedError` (or an `{ code }` value from the upload route). The first
 * GraphQL error with a known `extensions.code` wins; Apollo's own codes (validation, internal)
 * count as UNKNOWN; a failed request without GraphQL errors is NETWORK unless its status says more.
 */
export function errorKind(error: unknown): ErrorKind | null {
  if (error === null || error === undefined) return null;
  if (typeof error !== 'object') return 'UNKNOWN';
  const shape = error as ErrorShape;
  const direct = asCode(shape.code);
  if (direct) return direct;
  for (const gqlError of shape.graphQLErrors ?? []) {
    const code = asCode(gqlError.extensions?.code);
    if (code) return code;
  }
  if (shape.graphQLErrors?.length) return 'UNKNOWN';
  const status = shape.response?.status;
  if (status !== undefined && HTTP_STATUS[status]) return HTTP_STATUS[status];
  if (shape.networkError) return 'NETWORK';
  return 'UNKNOWN';
}

/** The message key for an error; `overrides` let a form say something more precise for one kind. */
export function errorMessageKey(error: unknown, overrides: ErrorMessageOverrides = {}): string | null {
  const kind = errorKind(error);
  if (!kind) return null;
  return overrides[kind] ?? `error.${kind}`;
}

/** How long a RATE_LIMITED answer asks to wait (`extensions.retryAfterSeconds`), when it says. */
export function retryAfterSeconds(error: unknown): number | undefined {
  const errors = (error as ErrorShape | null | undefined)?.graphQLErrors ?? [];
  const seconds = errors.find((e) => e?.extensions?.code === ErrorCode.RATE_LIMITED)?.extensions?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds) : undefined;
}

export function errorMessage(error: unknown, t: Translate, overrides?: ErrorMessageOverrides): string | null {
  const key = errorMessageKey(error, overrides);
  if (!key) return null;
  // "请 30 秒后再试" rather than "稍后": the user knows when trying again can work.
  const wait = key === 'error.RATE_LIMITED' ? retryAfterSeconds(error) : undefined;
  return wait === undefined ? t(key) : t('error.RATE_LIMITED_wait', { n: wait });
}

/** `const message = useErrorMessage(); message(result.error)` → translated text or null. */
export function useErrorMessage(): (error: unknown, overrides?: ErrorMessageOverrides) => string | null {
  const { t } = useI18n();
  return (error, overrides) => errorMessage(error, t, overrides);
}
