import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { rootFieldCount } from './request-budget.js';

const count = (source: string) => {
  const document = parse(source);
  return rootFieldCount(document, document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode);
};

describe('rootFieldCount', () => {
  it('counts aliased root fields one by one, and not __typename', () => {
    expect(count('{ me { id } }')).toBe(1);
    expect(count('{ a: me { id } b: me { id } c: couriers { activeParcels } __typename }')).toBe(3);
  });

  it('follows fragments and inline fragments at the root, once per fragment', () => {
    expect(count('query { ...Q ...Q ... on Query { x: me { id } } } fragment Q on Query { a: me { id } b: me { id } }')).toBe(3);
  });
});
