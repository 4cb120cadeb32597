import type { ServiceStatus } from '../../../shared/contract/schemas.js';

/** Where a service listens (the port it really got) and what it runs, as one line. */
export function serviceDetail(service: ServiceStatus): string | null {
  const parts = [service.url, service.detail].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : null;
}
