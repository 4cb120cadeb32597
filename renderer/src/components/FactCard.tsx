import type { LucideIcon } from 'lucide-react';

interface FactCardProps {
  icon: LucideIcon;
  label: string;
  value: string | number | undefined;
  hint?: string;
}

export function FactCard({ icon: Icon, label, value, hint }: FactCardProps) {
  return (
    <section className="fact-card" aria-label={label}>
      <div className="fact-card__label">
        <Icon size={15} aria-hidden />
        {label}
      </div>
      <div className="fact-card__value">
        {value === undefined ? '…' : typeof value === 'number' ? value.toLocaleString('en-US') : value}
      </div>
      {hint ? <div className="fact-card__hint">{hint}</div> : null}
    </section>
  );
}
