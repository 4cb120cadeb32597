export const ROLES = [
  { id: 'data-engineer', label: 'Data engineer', shortcut: '1' },
  { id: 'data-scientist', label: 'Data scientist', shortcut: '2' },
  { id: 'ml-engineer', label: 'ML engineer', shortcut: '3' },
] as const;

export type RoleId = (typeof ROLES)[number]['id'];

export const ROLE_IDS = ROLES.map((role) => role.id) as [RoleId, ...RoleId[]];

export const DEFAULT_ROLE: RoleId = 'data-engineer';

export function isRoleId(value: unknown): value is RoleId {
  return typeof value === 'string' && (ROLE_IDS as string[]).includes(value);
}
