import type { ReactNode } from 'react';
import type { RoleId } from '../../../../shared/roles.js';
import { ServicePanel } from '../../components/ServicePanel.js';
import { HomeHeader } from './HomeHeader.js';

/** Every workspace home: its header, a row of live facts, its own main panel, and the services. */
export function HomeLayout({ roleId, facts, children }: { roleId: RoleId; facts: ReactNode; children: ReactNode }) {
  return (
    <div className="page">
      <HomeHeader roleId={roleId} />
      <div className="fact-grid">{facts}</div>
      <div className="home-columns">
        {children}
        <ServicePanel />
      </div>
    </div>
  );
}
