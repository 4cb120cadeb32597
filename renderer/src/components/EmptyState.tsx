import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

interface EmptyStateProps {
  icon: LucideIcon;
  title: string;
  children: ReactNode;
  action?: ReactNode;
}

export function EmptyState({ icon: Icon, title, children, action }: EmptyStateProps) {
  return (
    <div className="empty-state">
      <Icon className="empty-state__icon" aria-hidden size={28} />
      <h3>{title}</h3>
      <div className="empty-state__text">{children}</div>
      {action ? <div className="empty-state__action">{action}</div> : null}
    </div>
  );
}
