import { registerMessageResolver } from 'vue-i18n';

type MessageResolver = Parameters<typeof registerMessageResolver>[0];

/**
 * `vue-i18n` is petite-vue-i18n (web/package.json aliases it): translation only, ~3 KB less on
 * every first load. Its default resolver reads flat keys only (`messages['a.b']`), and ours are
 * nested (`deliveries.scan.weight`): walk the path, own properties only. Registered globally on
 * import, so it holds for every i18n instance (tests that build their own import this module).
 * The other gaps (`te`; a clear error for `d`, `n`, `tm`, `rt`) are filled in ./index.ts.
 */
export const resolveMessage: MessageResolver = (messages, path) => {
  let node = messages;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return null;
    node = (node as Record<string, unknown>)[key];
  }
  return (node ?? null) as ReturnType<MessageResolver>;
};
registerMessageResolver(resolveMessage);

/** A precompiled message: a function or an AST (`{ t, b }`); a plain string in tests. */
export function isMessage(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'function') return true;
  return value !== null && typeof value === 'object' && (Object.hasOwn(value, 'b') || Object.hasOwn(value, 'body'));
}
