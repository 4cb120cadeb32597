import { create } from 'zustand';
import { DEFAULT_ROLE, type RoleId } from '../../../shared/roles.js';

interface UiState {
  role: RoleId;
  /** The page open in each workspace, so switching back returns where the user was. */
  pageByRole: Record<RoleId, string>;
  projectDialogOpen: boolean;
  connected: boolean;
  showRole(role: RoleId): void;
  showPage(page: string): void;
  setProjectDialogOpen(open: boolean): void;
  setConnected(connected: boolean): void;
}

export const useUiStore = create<UiState>((set) => ({
  role: DEFAULT_ROLE,
  pageByRole: { 'data-engineer': 'home', 'data-scientist': 'home', 'ml-engineer': 'home' },
  projectDialogOpen: false,
  connected: true,
  showRole: (role) => set({ role }),
  showPage: (page) => set((state) => ({ pageByRole: { ...state.pageByRole, [state.role]: page } })),
  setProjectDialogOpen: (projectDialogOpen) => set({ projectDialogOpen }),
  setConnected: (connected) => set({ connected }),
}));
