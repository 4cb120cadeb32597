import { Hammer } from 'lucide-react';
import { EmptyState } from '../components/EmptyState.js';
import { GoToPageButton } from '../components/GoToPageButton.js';
import type { PageDefinition } from './workspaces.js';

/** A page whose capability is not in this build yet: say what it is for, and where to go now. */
export function PlannedPage({ page }: { page: PageDefinition }) {
  return (
    <div className="page">
      <header className="page-header">
        <h1>{page.label}</h1>
        <p className="page-header__lead">{page.purpose}</p>
      </header>
      <section className="panel">
        <EmptyState
          icon={Hammer}
          title="Not in this build yet"
          action={<GoToPageButton page="home">Back to the workspace home</GoToPageButton>}
        >
          This page is planned and arrives in a coming release. The home page shows what the project holds today.
        </EmptyState>
      </section>
    </div>
  );
}
