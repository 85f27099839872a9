/**
 * The columns a resolver's selection needs, as graph-node selects them (only the attributes the
 * query asks for, plus `id`): a row of a wide entity table costs PGlite (and the main thread it
 * runs on) in proportion to its columns, so `select c.*` would make every statement many times
 * longer than needed and the host less responsive to other requests.
 */
import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { EntityTypeDesc } from '../schema/index.js';

/** Column names of `desc` needed by the sub-selection of the field being resolved; null means all. */
export function selectedColumns(info: GraphQLResolveInfo | undefined, desc: EntityTypeDesc): Set<string> | null {
  if (!info) return null;
  const names = new Set<string>();
  const typeNames = new Set([desc.name, ...desc.interfaces]);
  const visited = new Set<string>();
  const collect = (set: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>): void => {
    if (!set) return;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!selection.typeCondition || typeNames.has(selection.typeCondition.name.value)) collect(selection.selectionSet, fragments);
      } else {
        const fragment = fragments[selection.name.value];
        if (!fragment || visited.has(fragment.name.value) || !typeNames.has(fragment.typeCondition.name.value)) continue;
        visited.add(fragment.name.value);
        collect(fragment.selectionSet, fragments);
      }
    }
  };
  for (const node of info.fieldNodes) collect(node.selectionSet, info.fragments);
  const columns = new Set<string>(['id']);
  for (const name of names) {
    const field = desc.fieldsByName.get(name);
    if (field && !field.derivedFrom) columns.add(field.column);
  }
  return columns;
}

/** Union of two column selections (null = all columns). */
export function unionColumns(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  if (a === null || b === null) return null;
  return new Set([...a, ...b]);
}
