import { create } from 'zustand';
import { DEFAULT_ROLE, type RoleId } from '../../../shared/roles.js';
import type { Place } from './address.js';

interface UiState {
  role: RoleId;
  /** The page open in each workspace, so switching back returns where the user was. */
  pageByRole: Record<RoleId, string>;
  /**
   * The item chosen on a page (a table, a feature view, a tab), keyed `role/page`, so a link can
   * open a page with its item already chosen and the page can keep it in the address.
   */
  itemByPage: Record<string, string>;
  /** Feature definitions edited but not applied, by project path, so leaving the page keeps them. */
  definitionDrafts: Record<string, string>;
  projectDialogOpen: boolean;
  /** The Share pipeline dialog: closed (null), or open with the pipeline it starts on (null: the first). */
  sharing: { pipeline: string | null } | null;
  bundleImportOpen: boolean;
  jobsPanelOpen: boolean;
  connected: boolean;
  showRole(role: RoleId): void;
  showPage(page: string): void;
  /** Opens a page of any workspace, with an item chosen on it when one is given. */
  openPage(role: RoleId, page: string, item?: string): void;
  /** Shows exactly this place: its page, with its item chosen or, without one, none. */
  showPlace(place: Place): void;
  /** Chooses an item on the open page, or clears the choice with null. */
  selectItem(item: string | null): void;
  /** Forgets every page's chosen item: they belong to the project that was open. */
  forgetItems(): void;
  /** Keeps a project's unapplied definitions, or forgets them with null. */
  setDefinitionDraft(projectPath: string, yaml: string | null): void;
  setProjectDialogOpen(open: boolean): void;
  setSharing(sharing: { pipeline: string | null } | null): void;
  setBundleImportOpen(open: boolean): void;
  setJobsPanelOpen(open: boolean): void;
  setConnected(connected: boolean): void;
}

export function pageKey(role: RoleId, page: string): string {
  return `${role}/${page}`;
}

/** The open page of the current workspace, and the item chosen on it if any. */
export function currentPlace(state: Pick<UiState, 'role' | 'pageByRole' | 'itemByPage'>): Place {
  const page = state.pageByRole[state.role];
  const item = state.itemByPage[pageKey(state.role, page)];
  return item === undefined ? { role: state.role, page } : { role: state.role, page, item };
}

/** The item chosen on the open page of the current workspace, if any. */
export function useSelectedItem(): string | undefined {
  return useUiStore((state) => currentPlace(state).item);
}

/** A copy of a record with one entry set, or removed with null. */
function withEntry(entries: Record<string, string>, key: string, value: string | null): Record<string, string> {
  const { [key]: _previous, ...others } = entries;
  return value === null ? others : { ...others, [key]: value };
}

export const useUiStore = create<UiState>((set) => ({
  role: DEFAULT_ROLE,
  pageByRole: { 'data-engineer': 'home', 'data-scientist': 'home', 'ml-engineer': 'home' },
  itemByPage: {},
  definitionDrafts: {},
  projectDialogOpen: false,
  sharing: null,
  bundleImportOpen: false,
  jobsPanelOpen: false,
  connected: true,
  showRole: (role) => set({ role }),
  showPage: (page) => set((state) => ({ pageByRole: { ...state.pageByRole, [state.role]: page } })),
  openPage: (role, page, item) =>
    set((state) => ({
      role,
      pageByRole: { ...state.pageByRole, [role]: page },
      itemByPage: item === undefined ? state.itemByPage : withEntry(state.itemByPage, pageKey(role, page), item),
    })),
  showPlace: ({ role, page, item }) =>
    set((state) => ({
      role,
      pageByRole: { ...state.pageByRole, [role]: page },
      itemByPage: withEntry(state.itemByPage, pageKey(role, page), item ?? null),
    })),
  selectItem: (item) =>
    set((state) => ({
      itemByPage: withEntry(state.itemByPage, pageKey(state.role, state.pageByRole[state.role]), item),
    })),
  forgetItems: () => set({ itemByPage: {} }),
  setDefinitionDraft: (projectPath, yaml) =>
    set((state) => ({ definitionDrafts: withEntry(state.definitionDrafts, projectPath, yaml) })),
  setProjectDialogOpen: (projectDialogOpen) => set({ projectDialogOpen }),
  setSharing: (sharing) => set({ sharing }),
  setBundleImportOpen: (bundleImportOpen) => set({ bundleImportOpen }),
  setJobsPanelOpen: (jobsPanelOpen) => set({ jobsPanelOpen }),
  setConnected: (connected) => set({ connected }),
}));
