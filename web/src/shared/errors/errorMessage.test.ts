import { CombinedError } from '@urql/core';
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import en from '#shared/i18n/locales/en.json';
import zhCN from '#shared/i18n/locales/zh-CN.json';
// The app's nested-key resolver: petite-vue-i18n (our vue-i18n) reads flat keys unless told.
import '#shared/i18n/messageResolver';
import { errorField, errorKind, errorMessage, errorMessageKey, retryAfterSeconds } from './errorMessage';

const gqlError = (code?: string) =>
  new CombinedError({ graphQLErrors: [{ message: 'boom', extensions: code ? { code } : {} }] });

function translator(locale: 'zh-CN' | 'en') {
  const i18n = createI18n({ legacy: false, locale, messages: { 'zh-CN': zhCN, en } });
  return (key: string, params?: Record<string, unknown>) => i18n.global.t(key, params ?? {});
}

describe('errorKind', () => {
  it.each([
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'BAD_USER_INPUT',
    'CONFLICT',
    'INVALID_TRANSITION',
    'RATE_LIMITED',
    'PAYLOAD_TOO_LARGE',
    'UNSUPPORTED_MEDIA',
    'SERVICE_UNAVAILABLE',
  ])('reads %s from extensions.code', (code) => {
    expect(errorKind(gqlError(code))).toBe(code);
  });

  it('takes the first known code among several errors', () => {
    const error = new CombinedError({
      graphQLErrors: [
        { message: 'a', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        { message: 'b', extensions: { code: 'CONFLICT' } },
      ],
    });
    expect(errorKind(error)).toBe('CONFLICT');
  });

  it('treats Apollo-internal or missing codes as UNKNOWN', () => {
    expect(errorKind(gqlError('INTERNAL_SERVER_ERROR'))).toBe('UNKNOWN');
    expect(errorKind(gqlError('GRAPHQL_VALIDATION_FAILED'))).toBe('UNKNOWN');
    expect(errorKind(gqlError())).toBe('UNKNOWN');
  });

  it('reports transport failures as NETWORK, or by HTTP status when it says more', () => {
    expect(errorKind(new CombinedError({ networkError: new TypeError('Failed to fetch') }))).toBe('NETWORK');
    const limited = new CombinedError({ networkError: new Error('Too Many Requests'), response: { status: 429 } });
    expect(errorKind(limited)).toBe('RATE_LIMITED');
  });

  it('understands the upload route { code } bodies and nothing at all', () => {
    expect(errorKind({ code: 'PAYLOAD_TOO_LARGE', message: 'too big' })).toBe('PAYLOAD_TOO_LARGE');
    expect(errorKind(null)).toBeNull();
    expect(errorKind(undefined)).toBeNull();
  });
});

describe('errorMessage', () => {
  it('translates by code in Chinese and English', () => {
    expect(errorMessage(gqlError('CONFLICT'), translator('zh-CN'))).toBe('内容已被他人修改，请刷新后重试');
    expect(errorMessage(gqlError('CONFLICT'), translator('en'))).toBe('Someone else changed this; refresh and try again');
    expect(errorMessage(gqlError('INVALID_TRANSITION'), translator('zh-CN'))).toBe('当前状态下不能执行此操作');
  });

  it('has a message for every kind in both locales', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const t = translator(locale);
      for (const kind of Object.keys(zhCN.error)) expect(t(`error.${kind}`)).not.toBe(`error.${kind}`);
      expect(Object.keys(en.error).sort()).toEqual(Object.keys(zhCN.error).sort());
    }
  });

  it('lets a form override one kind', () => {
    const overrides = { UNAUTHENTICATED: 'login.invalidCredentials' };
    expect(errorMessageKey(gqlError('UNAUTHENTICATED'), overrides)).toBe('login.invalidCredentials');
    expect(errorMessage(gqlError('UNAUTHENTICATED'), translator('zh-CN'), overrides)).toBe('手机号或密码不正确');
    expect(errorMessageKey(gqlError('RATE_LIMITED'), overrides)).toBe('error.RATE_LIMITED');
  });

  it('says how long to wait when the server was asked too often', () => {
    const limited = new CombinedError({ graphQLErrors: [{ message: 'Too many', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 42 } }] });
    expect(retryAfterSeconds(limited)).toBe(42);
    expect(errorMessage(limited, translator('zh-CN'))).toBe('操作太频繁，请 42 秒后再试');
    expect(errorMessage(limited, translator('en'))).toBe('Too many attempts. Please try again in 42 s.');
    // Without a wait in the answer, the general words.
    expect(errorMessage(gqlError('RATE_LIMITED'), translator('zh-CN'))).toBe('操作太频繁，请稍后再试');
    expect(retryAfterSeconds(gqlError('CONFLICT'))).toBeUndefined();
  });

  it('is null without an error', () => {
    expect(errorMessage(undefined, translator('en'))).toBeNull();
  });
});

describe('errorField', () => {
  it('reads the refused field from extensions.field', () => {
    const error = new CombinedError({
      graphQLErrors: [{ message: 'pickupAt: must not be in the past', extensions: { code: 'BAD_USER_INPUT', field: 'pickupAt' } }],
    });
    expect(errorField(error)).toBe('pickupAt');
  });

  it('is undefined when no field is named', () => {
    expect(errorField(new CombinedError({ graphQLErrors: [{ message: 'x', extensions: { code: 'CONFLICT' } }] }))).toBeUndefined();
    expect(errorField(null)).toBeUndefined();
  });
});
