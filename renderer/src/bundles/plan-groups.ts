import type { BundlePlanSummary } from '../../../shared/contract/bundles.js';

type PlanEntry = BundlePlanSummary['entries'][number];

export interface PlanGroup {
  label: string;
  entries: PlanEntry[];
  bytes: number;
}

/** The bundle format's groups, in its order, by the folder their entries are in. */
const GROUPS: readonly { label: string; folder: string }[] = [
  { label: 'Pipeline', folder: 'pipeline/' },
  { label: 'Features', folder: 'features/' },
  { label: 'Code', folder: 'code/' },
  { label: 'Runs', folder: 'runs/' },
  { label: 'Models', folder: 'models/' },
  { label: 'Tables', folder: 'data/tables/' },
  { label: 'Training sets', folder: 'data/training-sets/' },
];
/** The README the export writes about the bundle itself. */
const ABOUT = 'About the bundle';

const groupOf = (path: string) => GROUPS.find((group) => path.startsWith(group.folder))?.label ?? ABOUT;

/** A plan's entries by what they are, in the format's order, leaving out groups with none. */
export function groupPlanEntries(entries: readonly PlanEntry[]): PlanGroup[] {
  return [...GROUPS.map((group) => group.label), ABOUT]
    .map((label) => {
      const inGroup = entries.filter((entry) => groupOf(entry.path) === label);
      return { label, entries: inGroup, bytes: inGroup.reduce((sum, entry) => sum + entry.bytes, 0) };
    })
    .filter((group) => group.entries.length > 0);
}
