import type { BundleContents } from '../../../shared/contract/bundle-manifest.js';
import type { PipelineDefinition } from '../../../shared/contract/pipeline-definition.js';

function list(title: string, names: readonly string[]): string[] {
  return names.length === 0 ? [] : [`- ${title}: ${names.join(', ')}`];
}

function formatMetric(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/** The README inside a bundle: what it is, who made it, what it holds and how to run it. */
export function bundleReadme(
  pipeline: PipelineDefinition,
  contents: BundleContents,
  made: { author: string; createdAt: string; appVersion: string },
): string {
  const file = `${pipeline.name}.triad`;
  const parameters = Object.entries(pipeline.parameters ?? {}).map(
    ([name, parameter]) =>
      `- \`${name}\` (${parameter.type}${parameter.default === undefined ? ', required' : `, default ${JSON.stringify(parameter.default)}`})${parameter.description ? `: ${parameter.description}` : ''}`,
  );
  const newest = contents.runs.find((run) => run.state === 'succeeded');
  const metrics = Object.entries(newest?.metrics ?? {}).map(([name, value]) => `${name} ${formatMetric(value)}`);
  const { features } = contents;
  return [
    `# ${pipeline.name}`,
    '',
    pipeline.description ?? 'A Triad pipeline.',
    '',
    `Exported by ${made.author} with Triad ${made.appVersion}; its newest content is from ${made.createdAt}.`,
    '',
    '## What it holds',
    `- the pipeline \`${pipeline.name}\` (${pipeline.steps.length} steps: ${pipeline.steps.map((step) => `${step.name} (${step.kind})`).join(', ')})`,
    ...list('entities', features.entities),
    ...list('feature views', features.featureViews),
    ...list('feature services', features.featureServices),
    ...list('quality checks', features.qualityChecks),
    ...list('code', contents.code),
    `- ${contents.runs.length} recorded run${contents.runs.length === 1 ? '' : 's'}${metrics.length > 0 ? `; the newest that succeeded measured ${metrics.join(', ')}` : ''}`,
    ...list(
      'model versions',
      contents.models.map(
        (model) => `${model.name}:${model.version}${model.aliases.map((alias) => ` @${alias}`).join('')}`,
      ),
    ),
    ...list(
      'tables',
      contents.tables.map((table) => `${table.name} (${table.rows} rows)`),
    ),
    ...list(
      'training sets',
      contents.trainingSets.map((set) => `${set.table} (${set.rows} rows)`),
    ),
    ...(parameters.length > 0 ? ['', '## Parameters', ...parameters] : []),
    '',
    '## How to use it',
    '```',
    `triad bundle verify ${file}                      # check it is whole, and who signed it`,
    `triad bundle import ${file} --project DIR        # take it into a project`,
    `triad bundle run ${file}${contents.tables.length > 0 ? '' : ' --project DIR'}${contents.tables.length > 0 ? '                         ' : '           '}# run it with no window`,
    '```',
    contents.tables.length > 0
      ? 'It carries its data: `triad bundle run` rebuilds its results in a new project.'
      : 'It carries no data: run it in a project that holds the tables it reads.',
    '',
  ].join('\n');
}
