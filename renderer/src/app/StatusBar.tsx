import { ServiceStateDot } from '../components/ServiceStateDot.js';
import { serviceDetail } from '../components/service-detail.js';
import { useAppInfo, useServices } from '../hooks/queries.js';
import { useUiStore } from '../state/ui-store.js';

/** Always visible: the three services' real state, and whether the backend is reachable. */
export function StatusBar() {
  const services = useServices().data ?? [];
  const connected = useUiStore((state) => state.connected);
  const info = useAppInfo().data;

  return (
    <footer className="status-bar">
      <ul className="status-bar__services" aria-label="Service status">
        {services.map((service) => (
          <li
            key={service.id}
            className="status-bar__service"
            data-testid={`status-${service.id}`}
            data-state={service.state}
            title={service.error ?? serviceDetail(service) ?? service.state}
          >
            <ServiceStateDot state={service.state} />
            {service.label}: {service.state}
          </li>
        ))}
      </ul>
      <span className="status-bar__meta">
        {connected ? null : <span className="status-bar__offline">Backend unreachable, retrying… </span>}
        {info ? `Triad ${info.appVersion} · ${info.runtime === 'electron' ? 'desktop' : 'web mode'}` : null}
      </span>
    </footer>
  );
}
