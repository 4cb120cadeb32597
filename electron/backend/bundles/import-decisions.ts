import {
  type ConflictAction,
  type ConflictResolutions,
  type ImportItem,
  itemKey,
} from '../../../shared/contract/bundles.js';
import { TriadError } from '../../../shared/contract/errors.js';

/** What an import does with one item of the bundle. */
export interface ImportDecision {
  item: ImportItem;
  /** new, overwrite, rename: the bundle's item is written; skip, identical: the project's stays. */
  action: 'new' | 'overwrite' | 'rename' | 'skip' | 'identical';
  /** The name it gets in the project (the new name of a rename). */
  name: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The action for every item: new and identical items need no choice; each conflict takes its own
 * resolution, else the `otherwise` action (a rename without a name names the copy NAME_2, NAME_3…).
 * Throws, before anything is written, when a conflict has no choice, a rename is not allowed for
 * its kind, or a new name is malformed or taken.
 */
export function decideImport(
  items: readonly ImportItem[],
  resolutions: ConflictResolutions,
  otherwise: ConflictAction | null,
  nameTaken: (kind: ImportItem['kind'], name: string) => boolean,
): ImportDecision[] {
  const claimed = new Set<string>();
  const claim = (kind: ImportItem['kind'], name: string) => claimed.add(`${kind}:${name.toLowerCase()}`);
  const free = (kind: ImportItem['kind'], name: string) =>
    !nameTaken(kind, name) && !claimed.has(`${kind}:${name.toLowerCase()}`);
  for (const item of items) if (item.status === 'new') claim(item.kind, item.name);
  const unresolved: string[] = [];
  const decisions = items.map((item): ImportDecision => {
    if (item.status !== 'conflict') return { item, action: item.status, name: item.name };
    const choice = resolutions[itemKey(item)] ?? (otherwise ? { action: otherwise } : undefined);
    if (!choice) {
      unresolved.push(`${item.kind} ${item.name}`);
      return { item, action: 'skip', name: item.name };
    }
    if (choice.action !== 'rename') return { item, action: choice.action, name: item.name };
    if (item.renameRefusal)
      throw new TriadError(
        'invalid_input',
        `${item.kind} ${item.name} cannot be renamed (${item.renameRefusal}): overwrite or skip it`,
      );
    let name = 'name' in choice ? choice.name.trim() : '';
    if (!name) for (let n = 2; !name || !free(item.kind, name); n++) name = `${item.name}_${n}`;
    if (!NAME.test(name))
      throw new TriadError(
        'invalid_input',
        `${name} is not a name for a ${item.kind}: use letters, digits and underscores, not starting with a digit`,
      );
    if (!free(item.kind, name))
      throw new TriadError(
        'invalid_input',
        `the project already has a ${item.kind} named ${name}: choose another name`,
      );
    claim(item.kind, name);
    return { item, action: 'rename', name };
  });
  if (unresolved.length > 0)
    throw new TriadError(
      'invalid_input',
      `${unresolved.length} item${unresolved.length === 1 ? '' : 's'} of the bundle conflict${unresolved.length === 1 ? 's' : ''} with the project (${unresolved.join(', ')}): choose rename, overwrite or skip (--on-conflict); nothing was imported`,
    );
  return decisions;
}
