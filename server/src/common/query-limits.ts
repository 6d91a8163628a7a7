import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { Config } from '../config.js';

/**
 * Depth and cost limits as validation rules, for HTTP (Apollo) and WebSocket (graphql-ws) alike.
 * The armor rules throw by default, which graphql-js does not catch; report instead, so the
 * client gets a validation error that says which limit it hit.
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
  ] as unknown as ValidationRule[];
}
