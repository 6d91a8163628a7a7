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

/** The fields asked for under a field, by name, each with what is asked under it (fragments merged). */
export interface SelectionTree {
  [field: string]: SelectionTree;
}

/**
 * The whole selection under the field being resolved, as nested names: a root list field reads
 * `tree.edges?.node` to see what its page shows and reads ahead only that.
 */
export function selectionTree(info: GraphQLResolveInfo): SelectionTree {
  const tree: SelectionTree = Object.create(null);
  for (const node of info.fieldNodes) if (node.selectionSet) grow(node.selectionSet, info, tree);
  return tree;
}

function grow(set: SelectionSetNode, info: GraphQLResolveInfo, tree: SelectionTree): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const child = (tree[selection.name.value] ??= Object.create(null) as SelectionTree);
      if (selection.selectionSet) grow(selection.selectionSet, info, child);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) grow(selection.selectionSet, info, tree);
    else {
      const fragment = info.fragments[selection.name.value];
      if (fragment) grow(fragment.selectionSet, info, tree);
    }
  }
}
