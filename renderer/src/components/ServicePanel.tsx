import { RotateCw } from 'lucide-react';
import { useMethodMutation, useServices } from '../hooks/queries.js';
import { ServiceStateDot } from './ServiceStateDot.js';
import { serviceDetail } from './service-detail.js';

/** The three backend services with their real state, and a restart for each. */
export function ServicePanel() {
  const services = useServices();
  const restart = useMethodMutation('services.restart');

  return (
    <section className="panel" aria-labelledby="services-heading">
      <h2 id="services-heading" className="panel__title">
        Services
      </h2>
      <ul className="service-list">
        {(services.data ?? []).map((service) => (
          <li key={service.id} className="service-row" data-state={service.state} data-testid={`service-${service.id}`}>
            <ServiceStateDot state={service.state} />
            <div className="service-row__text">
              <div className="service-row__name">
                {service.label} <span className={`badge badge--${service.state}`}>{service.state}</span>
              </div>
              <div className={service.error ? 'service-row__error' : 'service-row__detail'}>
                {service.error ??
                  serviceDetail(service) ??
                  (service.state === 'starting' ? 'Starting…' : 'Not running')}
              </div>
            </div>
            <button
              type="button"
              className="button button--ghost"
              onClick={() => restart.mutate({ id: service.id })}
              disabled={service.state === 'starting' || restart.isPending}
              aria-label={`Restart ${service.label}`}
              title={`Restart ${service.label}`}
            >
              <RotateCw size={14} aria-hidden />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
