import { useQuery } from '@tanstack/react-query';
import { useClient } from '../transport/client-context.js';
import { useJobQuery } from './job-hooks.js';

export function useTables() {
  const client = useClient();
  return useQuery({ queryKey: ['tables.list', {}], queryFn: () => client.invoke('tables.list', {}) });
}

export function useFeatureCatalog() {
  const client = useClient();
  return useQuery({ queryKey: ['features.catalog', {}], queryFn: () => client.invoke('features.catalog', {}) });
}

/** Tables and feature views: everything a grid or the statistics can read. */
export function useDataSources(): { tables: string[]; views: string[] } {
  const tables = useTables().data ?? [];
  const views = useFeatureCatalog().data?.featureViews ?? [];
  return { tables: tables.map((table) => table.name), views: views.map((view) => view.name) };
}

/** Definitions drafted from the project's tables; asked for only while `enabled` (a project without definitions). */
export function useDefinitionsSkeleton(enabled: boolean) {
  return useJobQuery(
    'definitions-draft',
    ['features.skeleton', {}],
    (client) => client.invoke('features.skeleton', {}),
    enabled,
  );
}

/** Statistics of a table or feature view, computed as a job (a large table takes seconds). */
export function useTableStats(source: string) {
  return useJobQuery(
    'table-stats',
    ['tables.stats', source],
    (client) => client.invoke('tables.stats', { source }),
    source !== '',
  );
}
