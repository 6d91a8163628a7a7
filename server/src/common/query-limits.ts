import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import type { Config } from '../config.js';

/**
 * Depth, cost, alias and directive limits as validation rules, for HTTP (Apollo) and WebSocket
 * (graphql-ws) alike. The armor rules throw by default, which graphql-js does not catch; report
 * instead, so the client gets a validation error that says which limit it hit.
 *
 * The alias limit is also the root-field limit: without aliases a root field can be asked once
 * (repeats merge), so an operation reaches at most the schema's few root fields plus `queryAliases`.
 * The cost limit alone let 1,000 aliased `order(id)` lookups through, each cheap on its own.
 */
export function queryLimitRules(limits: Config['limits']): ValidationRule[] {
  const reportLimit = (message: string) => ({
    exposeLimits: false,
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null) => context?.reportError(new GraphQLError(message))],
  });
  return [
    maxDepthRule({ n: limits.queryDepth, ...reportLimit(`Query is too deep: the depth limit is ${limits.queryDepth}.`) }),
    costLimitRule({ maxCost: limits.queryCost, ...reportLimit(`Query is too expensive: the cost limit is ${limits.queryCost}.`) }),
    maxAliasesRule({ n: limits.queryAliases, ...reportLimit(`Query has too many aliases: the limit is ${limits.queryAliases}.`) }),
    maxDirectivesRule({ n: limits.queryDirectives, ...reportLimit(`Query has too many directives: the limit is ${limits.queryDirectives}.`) }),
  ] as unknown as ValidationRule[];
}

/**
 * The token limit applies while parsing (graphql-js counts tokens and stops early), before any
 * validation rule sees the document: pass these options wherever a document is parsed.
 */
export function queryParseOptions(limits: Config['limits']): ParseOptions {
  return { maxTokens: limits.queryTokens };
}
