import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { graphql, withFragments } from './graphql';

const fragment = (source: string) => (graphql as unknown as (s: string) => unknown)(source);
const operation = (source: string) => print((graphql as unknown as (s: string) => never)(source));

describe('graphql() with fragments', () => {
  it('appends the fragments an operation spreads, transitively, once each', () => {
    fragment('fragment PersonFields on User { id displayName }');
    fragment('fragment ParcelFields on Shipment { id courier { ...PersonFields } }');
    const text = operation('query Q($id: ID!) { shipment(id: $id) { ...ParcelFields events { recordedBy { ...PersonFields } } } }');
    expect(text).toContain('fragment ParcelFields on Shipment');
    expect(text.match(/fragment PersonFields on User/g)).toHaveLength(1);
  });

  it('leaves inline fragments and self-contained documents alone', () => {
    const source = 'query R { me { ... on User { id } } }';
    expect(withFragments(source)).toBe(source);
  });

  it('names a fragment spread before it was declared', () => {
    expect(() => withFragments('query S { me { ...NeverDeclared } }')).toThrow('NeverDeclared');
  });
});
