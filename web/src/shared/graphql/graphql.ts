import { gql } from '@urql/core';
import type { graphql as generated } from '#gql/gql';

/** Fragment sources by name, registered when a `graphql()` literal defines them. */
const fragmentSources = new Map<string, string>();

const DEFINED = /\bfragment\s+(\w+)\s+on\b/g;
const SPREAD = /\.\.\.\s*(\w+)/g;

/**
 * The source plus every fragment it spreads but does not define, found transitively among the
 * fragments registered so far. A fragment must be declared (in its own `graphql()` call) before
 * the operations that spread it: above them in the same file, or in a module they import.
 */
export function withFragments(source: string): string {
  const defined = new Set([...source.matchAll(DEFINED)].map((m) => m[1]!));
  const parts = [source];
  for (let i = 0; i < parts.length; i++) {
    for (const [, name] of parts[i]!.matchAll(SPREAD)) {
      if (name === 'on' || defined.has(name!)) continue;
      const fragment = fragmentSources.get(name!);
      if (!fragment) throw new Error(`GraphQL fragment ${name} is not declared before its use`);
      defined.add(name!);
      parts.push(fragment);
    }
  }
  return parts.join('\n');
}

/**
 * Typed like the codegen client preset's `graphql()` (its overloads map each literal operation to
 * its result and variables types), but imports the generated module for its types only and parses
 * the literal at runtime with urql's `gql`. Every operation therefore ships in the chunk of the
 * feature that declares it, instead of all of them in the core bundle (see codegen.ts).
 * Fragments work as in codegen: declare one once, spread it anywhere after.
 *
 *     export const LoginMutation = graphql(`mutation Login($input: LoginInput!) { … }`);
 */
export const graphql = ((source: string) => {
  for (const [, name] of source.matchAll(DEFINED)) fragmentSources.set(name!, source);
  return gql(withFragments(source));
}) as unknown as typeof generated;
