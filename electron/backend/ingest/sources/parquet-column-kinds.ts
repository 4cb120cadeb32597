import type { SchemaElement, SchemaTree } from 'hyparquet';

/**
 * Why a top-level Parquet column cannot be imported, or null when it can, in the words the Arrow
 * import uses. Lists and structs become JSON; a map has no faithful JSON form (its keys need not be
 * text, nor distinct), so a column that is or holds one is refused from the schema, before a page is read.
 */
export function unsupportedColumnReason(column: SchemaTree): string | null {
  const kind = unsupportedKind(column);
  return kind && `column "${column.element.name}" is ${kind}`;
}

function unsupportedKind(node: SchemaTree): string | null {
  if (isMap(node.element)) return 'a map (nested types are not supported)';
  for (const child of node.children) {
    const inner = unsupportedKind(child);
    // The repeated group inside a LIST is how Parquet writes the list itself, not a level of its own.
    if (inner)
      return isList(node.element) ? inner : `a ${isListLevel(node.element) ? 'list' : 'struct'} holding ${inner}`;
  }
  return null;
}

function isMap(element: SchemaElement): boolean {
  return (
    element.converted_type === 'MAP' ||
    element.converted_type === 'MAP_KEY_VALUE' ||
    element.logical_type?.type === 'MAP'
  );
}

function isList(element: SchemaElement): boolean {
  return element.converted_type === 'LIST' || element.logical_type?.type === 'LIST';
}

function isListLevel(element: SchemaElement): boolean {
  return element.repetition_type === 'REPEATED';
}
