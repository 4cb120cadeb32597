import type { Command } from 'commander';
import { TriadError } from '../../../shared/contract/errors.js';
import type { ModelVersion, TensorSignature } from '../../../shared/contract/schemas.js';
import { formatBytes } from '../../../shared/format.js';
import { parseInputColumns } from '../../../shared/input-columns-text.js';
import { parseModelReference } from '../../backend/models/model-reference.js';
import {
  annotateModelVersion,
  deleteModelVersion,
  listModels,
  modelVersions,
  resolveModelVersion,
  setModelAlias,
} from '../../backend/models/model-registry.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { collect, parseNumber, parsePort, parsePositiveCount } from '../parse-options.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';
import { runJobFromCli } from '../run-job.js';
import { type ModelsServeOptions, serveModels } from '../serve-models.js';

type Options = OutputOptions & ProjectOptions;

interface ImportOptions {
  name: string;
  description: string;
  trainingTable?: string;
  inputColumns?: string[];
  matrixInput?: string;
}

const tensorText = (tensor: TensorSignature) =>
  `${tensor.name} ${tensor.datatype}${tensor.shape === null ? '' : `[${tensor.shape.map((dim) => (dim < 0 ? '?' : dim)).join(', ')}]`}`;

function describeVersion(version: ModelVersion): string {
  const { card } = version;
  const metrics = Object.entries(card.metrics)
    .map(([name, value]) => `${name} ${value === null ? 'n/a' : Number(value.toPrecision(4))}`)
    .join(', ');
  return [
    `${version.name} version ${version.version}${version.aliases.length > 0 ? ` (${version.aliases.map((alias) => `@${alias}`).join(', ')})` : ''}`,
    `  algorithm   ${card.algorithm}${card.task === 'unknown' ? '' : `, ${card.task}`}`,
    ...(card.label ? [`  predicts    ${card.label}${card.classes ? ` (${card.classes.join(', ')})` : ''}`] : []),
    ...(card.trainingTable
      ? [`  trained on  ${card.trainingTable}${card.featureService ? ` (feature service ${card.featureService})` : ''}`]
      : []),
    ...(metrics ? [`  metrics     ${metrics}`] : []),
    `  inputs      ${version.signature.inputs.map(tensorText).join('; ')}`,
    ...Object.entries(card.inputColumns ?? {}).map(
      ([input, columns]) => `  columns     ${input}: ${columns.join(', ')}`,
    ),
    `  outputs     ${version.signature.outputs.map(tensorText).join('; ')}`,
    `  file        ${version.artifact} (${formatBytes(version.bytes)}, ONNX IR ${version.signature.irVersion}, ${version.signature.producer || 'unknown producer'})`,
    ...(version.runId ? [`  run         ${version.runId}`] : []),
    ...(version.description ? [`  description ${version.description}`] : []),
    ...(Object.keys(version.tags).length > 0
      ? [
          `  tags        ${Object.entries(version.tags)
            .map(([key, value]) => `${key}=${value}`)
            .join(', ')}`,
        ]
      : []),
    `  created     ${version.createdAt}`,
  ].join('\n');
}

export function registerModels(program: Command): void {
  const models = program
    .command('models')
    .description('the model registry: versions, aliases, model cards, imports, and serving them over HTTP');
  models
    .command('list')
    .description('list registered models with their newest version and aliases')
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (options: Options) => {
      try {
        const list = await withProject(options, (project) => listModels(project.db));
        printResult(options, list, () =>
          list.length === 0
            ? 'No model is registered yet: train one with triad train --register NAME, or import one with triad models import.'
            : list
                .map(
                  (model) =>
                    `${model.name.padEnd(24)} v${model.latestVersion} (${model.versionCount} version${model.versionCount === 1 ? '' : 's'})${Object.entries(
                      model.aliases,
                    )
                      .map(([alias, version]) => `  @${alias} -> v${version}`)
                      .join('')}`,
                )
                .join('\n'),
        );
      } catch (error) {
        exitWithError(options, error);
      }
    });
  models
    .command('show')
    .description('show a version: its card, metrics, signature and file (NAME, NAME@ALIAS or NAME:VERSION)')
    .argument('<model>', 'NAME (its newest version), NAME@ALIAS or NAME:VERSION')
    .option('--versions', 'list every version of the model instead')
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (model: string, options: Options & { versions?: boolean }) => {
      try {
        const reference = parseModelReference(model);
        if (options.versions) {
          const versions = await withProject(options, (project) => modelVersions(project.db, reference.name));
          printResult(options, versions, () => versions.map(describeVersion).join('\n\n'));
          return;
        }
        const version = await withProject(options, (project) => resolveModelVersion(project.db, reference));
        printResult(options, version, () => describeVersion(version));
      } catch (error) {
        exitWithError(options, error);
      }
    });
  models
    .command('alias')
    .description('point an alias (champion, challenger, any name) at a version, moving it from where it was')
    .argument('<model@alias>', 'the model and alias, e.g. churn@champion')
    .argument('<version>', 'the version it points at', parsePositiveCount)
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (target: string, version: number, options: Options) => {
      try {
        const reference = parseModelReference(target);
        if (reference.alias === undefined)
          throw new TriadError('invalid_input', `name the alias as NAME@ALIAS, e.g. ${reference.name}@champion`);
        const moved = await withProject(options, (project) =>
          setModelAlias(project.db, reference.name, reference.alias as string, version),
        );
        printResult(options, moved, () => `${reference.name}@${reference.alias} now points at version ${version}.`);
      } catch (error) {
        exitWithError(options, error);
      }
    });
  models
    .command('annotate')
    .description("set a version's description and tags")
    .argument('<model:version>', 'the model and version, e.g. churn:3')
    .option('--description <text>', 'what the version is')
    .option('--tag <key=value>', 'a tag (repeatable; an empty value removes it)', collect, [])
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (target: string, options: Options & { description?: string; tag: string[] }) => {
      try {
        const reference = parseModelReference(target);
        if (reference.version === undefined)
          throw new TriadError('invalid_input', `name the version as NAME:VERSION, e.g. ${reference.name}:1`);
        const annotated = await withProject(options, (project) => {
          const current = resolveModelVersion(project.db, reference);
          const tags = { ...current.tags };
          for (const pair of options.tag) {
            const at = pair.indexOf('=');
            if (at <= 0) throw new TriadError('invalid_input', `--tag takes KEY=VALUE, not "${pair}"`);
            tags[pair.slice(0, at)] = pair.slice(at + 1);
          }
          return annotateModelVersion(project.db, reference.name, reference.version as number, {
            ...(options.description === undefined ? {} : { description: options.description }),
            tags,
          });
        });
        printResult(options, annotated, () => describeVersion(annotated));
      } catch (error) {
        exitWithError(options, error);
      }
    });
  models
    .command('delete')
    .description('delete a version (refused while an alias points at it)')
    .argument('<model:version>', 'the model and version, e.g. churn:3')
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (target: string, options: Options) => {
      try {
        const reference = parseModelReference(target);
        if (reference.version === undefined)
          throw new TriadError('invalid_input', `name the version as NAME:VERSION, e.g. ${reference.name}:1`);
        await withProject(options, (project) =>
          deleteModelVersion(project.db, project.path, reference.name, reference.version as number),
        );
        printResult(
          options,
          { deleted: { name: reference.name, version: reference.version } },
          () => `Deleted ${target}.`,
        );
      } catch (error) {
        exitWithError(options, error);
      }
    });
  models
    .command('import')
    .description('register an ONNX file made anywhere (scikit-learn, XGBoost, PyTorch…) as a new version')
    .argument('<file.onnx>', 'the model file')
    .requiredOption('--name <name>', 'the registered model to add the version to')
    .option('--description <text>', 'what the model is', '')
    .option(
      '--training-table <table>',
      'the project table the model was trained on: drift compares live inputs with it',
    )
    .option(
      '--input-columns <[input=]a,b,...>',
      'the training table\'s columns, in order, that an input with many values per row takes; repeat it, naming each input, for several (quote names holding , ; = or ")',
      collect,
      [],
    )
    .option(
      '--matrix-input <input>',
      'which input an unnamed list of columns is, when the model has several with many values per row',
    )
    .option(...PROJECT_OPTION)
    .option('--json', 'print machine-readable JSON')
    .action(async (file: string, options: Options & ImportOptions) => {
      try {
        const version = await withProject(options, (project) =>
          runJobFromCli(
            project,
            'model-import',
            {
              file,
              name: options.name,
              description: options.description,
              trainingTable: options.trainingTable ?? null,
              inputColumns: options.inputColumns?.length ? parseInputColumns(options.inputColumns) : null,
              matrixInput: options.matrixInput ?? null,
            },
            options,
          ),
        );
        printResult(
          options,
          version,
          () => `Registered ${file} as ${version.name} version ${version.version}.\n${describeVersion(version)}`,
        );
      } catch (error) {
        exitWithError(options, error);
      }
    });
  models
    .command('serve')
    .description(
      'serve models headless over HTTP (Open Inference Protocol v2, MLflow /invocations, /metrics): the ones named, or every registered version',
    )
    .option(...PROJECT_OPTION)
    .option('--port <n>', 'port to listen on (0 picks a free one)', parsePort, 8618)
    .option(
      '--host <address>',
      'address to listen on; beyond loopback, every request needs the access token',
      '127.0.0.1',
    )
    .option(
      '--model <reference>',
      'NAME (its newest version), NAME@ALIAS (following the alias when it moves) or NAME:VERSION; repeatable (default: every model, alias and version)',
      collect,
      [],
    )
    .option('--token <token>', 'access token to require of every request (made up when --host is not loopback)')
    .option(
      '--log-sample-rate <n>',
      'log every prediction up to N per second and model, a sample of N above (kept in the project)',
      parseNumber,
    )
    .option(
      '--log-retention-days <n>',
      'delete logged predictions older than N days (kept in the project)',
      parseNumber,
    )
    .option(
      '--log-max-rows <n>',
      'keep at most N logged predictions, the oldest deleted first (kept in the project)',
      parseNumber,
    )
    .option('--json', 'print one JSON line with the URL and deployments once serving')
    .action((options: ModelsServeOptions) => serveModels(options));
}
