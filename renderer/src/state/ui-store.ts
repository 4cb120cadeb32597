import { create } from 'zustand';
import { DEFAULT_ROLE, type RoleId } from '../../../shared/roles.js';

interface UiState {
  role: RoleId;
  /** The page open in each workspace, so switching back returns where the user was. */
  pageByRole: Record<RoleId, string>;
  /** Feature definitions edited but not applied, by project path, so leaving the page keeps them. */
  definitionDrafts: Record<string, string>;
  projectDialogOpen: boolean;
  connected: boolean;
  showRole(role: RoleId): void;
  showPage(page: string): void;
  /** Keeps a project's unapplied definitions, or forgets them with null. */
  setDefinitionDraft(projectPath: string, yaml: string | null): void;
  setProjectDialogOpen(open: boolean): void;
  setConnected(connected: boolean): void;
}

export const useUiStore = create<UiState>((set) => ({
  role: DEFAULT_ROLE,
  pageByRole: { 'data-engineer': 'home', 'data-scientist': 'home', 'ml-engineer': 'home' },
  definitionDrafts: {},
  projectDialogOpen: false,
  connected: true,
  showRole: (role) => set({ role }),
  showPage: (page) => set((state) => ({ pageByRole: { ...state.pageByRole, [state.role]: page } })),
  setDefinitionDraft: (projectPath, yaml) =>
    set((state) => {
      const { [projectPath]: _previous, ...others } = state.definitionDrafts;
      return { definitionDrafts: yaml === null ? others : { ...others, [projectPath]: yaml } };
    }),
  setProjectDialogOpen: (projectDialogOpen) => set({ projectDialogOpen }),
  setConnected: (connected) => set({ connected }),
}));
