import { gql } from '@urql/core';
import type { graphql as generated } from '#gql/gql';

/**
 * Typed like the codegen client preset's `graphql()` (its overloads map each literal operation to
 * its result and variables types), but imports the generated module for its types only and parses
 * the literal at runtime with urql's `gql`. Every operation therefore ships in the chunk of the
 * feature that declares it, instead of all of them in the core bundle (see codegen.ts).
 *
 *     export const LoginMutation = graphql(`mutation Login($input: LoginInput!) { … }`);
 */
export const graphql = ((source: string) => gql(source)) as unknown as typeof generated;
