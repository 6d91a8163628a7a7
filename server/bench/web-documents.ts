import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The query documents exactly as the web app sends them: the `graphql(`…`)` literals of
 * web/src/**\/graphql/*.ts, with the fragments they spread appended (as web's shared/graphql
 * helper does), then formatted by the web app's own @urql/core (its cacheExchange adds
 * `__typename` to every selection) and printed the way urql puts them in the request body.
 */
export const WEB_DIR = path.resolve(import.meta.dirname, '../../web');

interface Urql {
  gql(source: string): unknown;
  formatDocument(doc: unknown): unknown;
  stringifyDocument(doc: unknown): string;
}

const LITERAL = /graphql\(\s*`([\s\S]*?)`\s*\)/g;
const DEFINED = /\bfragment\s+(\w+)\s+on\b/g;
const OPERATION = /\b(?:query|mutation|subscription)\s+(\w+)/;
const SPREAD = /\.\.\.\s*(\w+)/g;

function graphqlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'gql' ? [] : graphqlFiles(full);
    return path.basename(dir) === 'graphql' && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

export function loadWebDocuments(webDir = WEB_DIR): Map<string, string> {
  const urql = createRequire(path.join(webDir, 'package.json'))('@urql/core') as Urql;
  const fragments = new Map<string, string>();
  const operations = new Map<string, string>();
  for (const file of graphqlFiles(path.join(webDir, 'src'))) {
    for (const [, source] of fs.readFileSync(file, 'utf8').matchAll(LITERAL)) {
      for (const [, name] of source!.matchAll(DEFINED)) fragments.set(name!, source!);
      const operation = OPERATION.exec(source!);
      if (operation) operations.set(operation[1]!, source!);
    }
  }
  const documents = new Map<string, string>();
  for (const [name, source] of operations) {
    const parts = [source];
    const added = new Set<string>();
    for (let i = 0; i < parts.length; i++) {
      for (const [, spread] of parts[i]!.matchAll(SPREAD)) {
        if (spread === 'on' || added.has(spread!)) continue;
        const fragment = fragments.get(spread!);
        if (!fragment) throw new Error(`fragment ${spread} of ${name} not found in web/src`);
        added.add(spread!);
        parts.push(fragment);
      }
    }
    documents.set(name, urql.stringifyDocument(urql.formatDocument(urql.gql(parts.join('\n')))));
  }
  return documents;
}
