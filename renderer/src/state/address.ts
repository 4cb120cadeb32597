import { isRoleId, type RoleId } from '../../../shared/roles.js';
import { WORKSPACES } from '../workspaces/workspaces.js';

/** Where the user is: a workspace, one of its pages, and the item chosen on that page if any. */
export interface Place {
  role: RoleId;
  page: string;
  item?: string;
}

const HOME = 'home';

/** The address of a place: `#/role` for a workspace home, else `#/role/page` or `#/role/page/item`. */
export function formatAddress({ role, page, item }: Place): string {
  if (page === HOME) return `#/${role}`;
  return item === undefined ? `#/${role}/${page}` : `#/${role}/${page}/${encodeURIComponent(item)}`;
}

/**
 * The place an address names. What it leaves out or gets wrong falls back rather than failing: no
 * or an unknown workspace to the home of `fallbackRole`, an unknown page to its workspace's home,
 * an item that is not validly encoded to none. When `formatAddress` of the result differs from the
 * address, the address needs correcting.
 */
export function placeFromAddress(address: string, fallbackRole: RoleId): Place {
  const [role, page = HOME, ...itemParts] = address.replace(/^#?\/?/, '').split('/');
  if (!isRoleId(role)) return { role: fallbackRole, page: HOME };
  if (page === HOME || !WORKSPACES[role].pages.some((entry) => entry.id === page)) return { role, page: HOME };
  // An item typed with a bare slash still means that item; its address then gets the slash encoded.
  const item = decodeItem(itemParts.join('/'));
  return item === undefined ? { role, page } : { role, page, item };
}

function decodeItem(encoded: string): string | undefined {
  if (encoded === '') return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}
