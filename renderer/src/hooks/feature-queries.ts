import { useQuery } from '@tanstack/react-query';
import { useClient } from '../transport/client-context.js';

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
  const client = useClient();
  return useQuery({
    queryKey: ['features.skeleton', {}],
    queryFn: () => client.invoke('features.skeleton', {}),
    enabled,
  });
}
