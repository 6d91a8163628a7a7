import { describe, expect, it } from 'vitest';

// Every feature keeps its messages beside it (`locales/zh-CN.json`, `locales/en.json`): each key in
// one must be in the other, or a screen shows a raw key in one language.
// Read as text: the vue-i18n plugin compiles imported message files into its own AST.
const files = import.meta.glob<string>('/src/**/locales/{zh-CN,en}.json', { eager: true, query: '?raw', import: 'default' });

function keys(messages: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    value && typeof value === 'object' ? keys(value as Record<string, unknown>, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('locale files', () => {
  const folders = [...new Set(Object.keys(files).map((path) => path.replace(/\/(zh-CN|en)\.json$/, '')))];

  it('come in pairs', () => {
    expect(folders.length).toBeGreaterThan(5);
    for (const folder of folders) expect([files[`${folder}/zh-CN.json`] !== undefined, files[`${folder}/en.json`] !== undefined], folder).toEqual([true, true]);
  });

  it.each(folders)('%s: zh-CN and en hold the same keys', (folder) => {
    const zh = keys(JSON.parse(files[`${folder}/zh-CN.json`]!)).sort();
    const en = keys(JSON.parse(files[`${folder}/en.json`]!)).sort();
    expect(en).toEqual(zh);
  });
});
