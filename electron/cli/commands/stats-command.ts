import type { Command } from 'commander';
import type { ColumnStats } from '../../../shared/contract/schemas.js';
import { formatCount, formatStatistic, isTimeType } from '../../../shared/format.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';
import { runJobFromCli } from '../run-job.js';

const BAR_WIDTH = 30;
const EMPTY_BINS = `  ${'…'.padStart(20)}`;

function show(value: number | null | undefined, type: string): string {
  if (value === null || value === undefined) return '-';
  return formatStatistic(value, type);
}

/** The histogram as bars, a run of empty bins drawn as one "…" line. */
function histogramLines(histogram: readonly { start: number; count: number }[], type: string): string[] {
  const peak = Math.max(1, ...histogram.map((bin) => bin.count));
  const lines: string[] = [];
  for (const bin of histogram) {
    if (bin.count > 0) {
      lines.push(
        `  ${show(bin.start, type).padStart(20)} ${'█'.repeat(Math.round((bin.count / peak) * BAR_WIDTH)).padEnd(BAR_WIDTH)} ${bin.count.toLocaleString('en-US')}`,
      );
    } else if (lines[lines.length - 1] !== EMPTY_BINS) lines.push(EMPTY_BINS);
  }
  return lines;
}

export function describeColumn(column: ColumnStats): string {
  const lines = [
    `${column.name} (${column.type}): ${formatCount(column.count, 'row')}, ${formatCount(column.nulls, 'null')}, ${column.distinct.toLocaleString('en-US')} distinct`,
  ];
  const numeric = column.numeric;
  if (numeric) {
    const quantiles = numeric.quantiles
      .map((entry) => `p${Math.round(entry.q * 100)} ${show(entry.value, column.type)}`)
      .join('  ');
    const isTime = isTimeType(column.type);
    const spread = isTime ? '' : `  mean ${show(numeric.mean, 'real')}  std ${show(numeric.std, 'real')}`;
    lines.push(`  min ${show(numeric.min, column.type)}  max ${show(numeric.max, column.type)}${spread}`);
    lines.push(`  ${quantiles}`);
    lines.push(...histogramLines(numeric.histogram, column.type));
  } else {
    const peak = Math.max(1, ...column.topValues.map((entry) => entry.count));
    for (const entry of column.topValues) {
      lines.push(
        `  ${entry.value.slice(0, 20).padStart(20)} ${'█'.repeat(Math.round((entry.count / peak) * BAR_WIDTH)).padEnd(BAR_WIDTH)} ${entry.count.toLocaleString('en-US')}`,
      );
    }
  }
  return lines.join('\n');
}

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description(
      'per-column statistics of a table or feature view: counts, nulls, distinct, min/max/mean/std, quantiles, histogram, top values',
    )
    .argument('<table>', 'a table or feature view')
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (table: string, options: OutputOptions & ProjectOptions) => {
      try {
        const stats = await withProject(options, (project) =>
          runJobFromCli(project, 'table-stats', { source: table }, options),
        );
        printResult(options, stats, () =>
          [`${stats.source}: ${formatCount(stats.rowCount, 'row')}`, ...stats.columns.map(describeColumn)].join('\n\n'),
        );
      } catch (error) {
        exitWithError(options, error);
      }
    });
}
