import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

const cache = new WeakMap<object, Set<string>>();

/**
 * The names of the fields asked for under the field being resolved (through fragments too), so a
 * read can join only the relations the page shows. Worked out once per field of a document
 * execution: graphql-js hands every item of a list the same `fieldNodes`.
 */
export function selectedFields(info: GraphQLResolveInfo): Set<string> {
  let names = cache.get(info.fieldNodes);
  if (!names) {
    names = new Set();
    for (const node of info.fieldNodes) if (node.selectionSet) collect(node.selectionSet, info, names);
    cache.set(info.fieldNodes, names);
  }
  return names;
}

function collect(set: SelectionSetNode, info: GraphQLResolveInfo, names: Set<string>): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) names.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, info, names);
    else {
      const fragment = info.fragments[selection.name.value];
      if (fragment) collect(fragment.selectionSet, info, names);
    }
  }
}
