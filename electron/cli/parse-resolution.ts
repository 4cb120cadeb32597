import type { ConflictAction, ConflictResolution } from '../../shared/contract/bundles.js';
import { TriadError } from '../../shared/contract/errors.js';

const RESOLUTION = /^(.+?:.+)=(rename|overwrite|skip)(?::(.+))?$/;

/** `--resolve KIND:NAME=ACTION[:NEW_NAME]` as a resolution keyed `KIND:NAME`; a rename without a name takes NAME_2. */
export function parseResolution(text: string): [string, ConflictResolution] {
  const match = text.match(RESOLUTION);
  if (!match)
    throw new TriadError(
      'invalid_input',
      `"${text}" is not a resolution: write KIND:NAME=rename[:NEW_NAME], KIND:NAME=overwrite or KIND:NAME=skip`,
    );
  const [, key, action, name] = match as unknown as [string, string, ConflictAction, string | undefined];
  if (action !== 'rename' && name !== undefined)
    throw new TriadError('invalid_input', `"${text}": only rename takes a new name`);
  return [key, action === 'rename' ? { action, name: name ?? '' } : { action }];
}
