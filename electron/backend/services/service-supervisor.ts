import { TriadError } from '../../../shared/contract/errors.js';
import type { ServiceStatus } from '../../../shared/contract/schemas.js';
import { SERVICE_LABELS, type ServiceId, type ServiceStateName } from '../../../shared/services.js';
import type { Project } from '../db/project.js';
import type { Service, ServiceReport } from './service.js';

const START_TIMEOUT_MS = 20_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not start within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Starts, stops and restarts the services, and keeps the state every client sees. */
export class ServiceSupervisor {
  private readonly status = new Map<ServiceId, ServiceStatus>();
  private readonly generation = new Map<ServiceId, number>();

  constructor(
    private readonly services: readonly Service[],
    private readonly onChange: (statuses: ServiceStatus[]) => void,
  ) {
    for (const service of services) this.set(service.id, 'stopped', null, null, false);
  }

  statuses(): ServiceStatus[] {
    return this.services.map((service) => this.status.get(service.id) as ServiceStatus);
  }

  get(id: ServiceId): ServiceStatus {
    const status = this.status.get(id);
    if (!status) throw new TriadError('not_found', `unknown service "${id}"`);
    return status;
  }

  private set(
    id: ServiceId,
    state: ServiceStateName,
    report: ServiceReport | null,
    error: string | null,
    notify = true,
  ): void {
    this.status.set(id, {
      id,
      label: SERVICE_LABELS[id],
      state,
      detail: report?.detail ?? null,
      url: report?.url ?? null,
      error,
      since: new Date().toISOString(),
    });
    if (notify) this.onChange(this.statuses());
  }

  private service(id: ServiceId): Service {
    const service = this.services.find((candidate) => candidate.id === id);
    if (!service) throw new TriadError('not_found', `unknown service "${id}"`);
    return service;
  }

  private async startOne(service: Service, project: Project): Promise<void> {
    const generation = (this.generation.get(service.id) ?? 0) + 1;
    this.generation.set(service.id, generation);
    const current = () => this.generation.get(service.id) === generation;
    this.set(service.id, 'starting', null, null);
    try {
      const report = await withTimeout(
        service.start({
          project,
          reportFailure: (reason) => current() && this.set(service.id, 'failed', null, reason),
          reportDetail: (detail) => {
            const status = this.status.get(service.id);
            if (current() && status?.state === 'up')
              this.set(service.id, 'up', { detail, url: status.url ?? undefined }, null);
          },
        }),
        START_TIMEOUT_MS,
        SERVICE_LABELS[service.id],
      );
      if (current()) this.set(service.id, 'up', report, null);
    } catch (error) {
      if (current()) this.set(service.id, 'failed', null, error instanceof Error ? error.message : String(error));
    }
  }

  private async stopOne(service: Service): Promise<void> {
    this.generation.set(service.id, (this.generation.get(service.id) ?? 0) + 1);
    try {
      await service.stop();
    } finally {
      this.set(service.id, 'stopped', null, null);
    }
  }

  async startAll(project: Project): Promise<void> {
    await Promise.all(this.services.map((service) => this.startOne(service, project)));
  }

  async stopAll(): Promise<void> {
    await Promise.allSettled(this.services.map((service) => this.stopOne(service)));
  }

  async restart(id: ServiceId, project: Project): Promise<ServiceStatus> {
    const service = this.service(id);
    await this.stopOne(service);
    await this.startOne(service, project);
    return this.get(id);
  }
}
