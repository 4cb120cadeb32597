import type { JobSummary } from '../../../shared/contract/jobs.js';
import type { RoleId } from '../../../shared/roles.js';

export interface JobDestination {
  role: RoleId;
  page: string;
  item?: string;
  label: string;
}

const text = (params: Record<string, unknown>, key: string) =>
  typeof params[key] === 'string' ? (params[key] as string) : undefined;

/** Where a job's result is seen: the imported table, the statistics' source, the training sets… */
export function jobDestination(job: JobSummary): JobDestination | null {
  const { params } = job;
  switch (job.kind) {
    case 'import': {
      const table = text(params, 'table');
      return { role: 'data-engineer', page: 'tables', ...(table ? { item: table } : {}), label: 'Open the table' };
    }
    case 'materialize':
      return { role: 'data-engineer', page: 'materialization', label: 'Open materialization' };
    case 'training-set': {
      const service = text(params, 'service');
      return {
        role: 'data-scientist',
        page: 'training-sets',
        ...(service ? { item: service } : {}),
        label: 'Open training sets',
      };
    }
    case 'table-stats': {
      const source = text(params, 'source');
      return { role: 'data-scientist', page: 'explore', ...(source ? { item: source } : {}), label: 'Explore it' };
    }
    case 'quality-run':
      return { role: 'data-engineer', page: 'quality', label: 'Open data quality' };
    case 'definitions-draft':
      return { role: 'data-engineer', page: 'feature-views', label: 'Open feature views' };
    case 'drift-check':
      return { role: 'ml-engineer', page: 'drift', label: 'Open drift' };
  }
  return null;
}
