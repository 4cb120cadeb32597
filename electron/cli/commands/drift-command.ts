import type { Command } from 'commander';
import type { DriftReport } from '../../../shared/contract/serving.js';
import { durationSeconds } from '../../backend/db/duration.js';
import { PredictionLogConnection } from '../../backend/model-server/prediction-log-connection.js';
import { checkDrift } from '../../backend/use-cases/check-drift.js';
import { exitWithError, type OutputOptions, printResult } from '../output.js';
import { PROJECT_OPTION, type ProjectOptions, withProject } from '../project-option.js';
import { runJobFromCli } from '../run-job.js';
import { textTable } from '../text-table.js';

interface DriftOptions extends OutputOptions, ProjectOptions {
  model: string;
  window: string;
}

function parseWindow(text: string): number {
  let seconds: number;
  try {
    seconds = durationSeconds(text);
  } catch (error) {
    throw new Error(`--window: ${(error as Error).message}`);
  }
  if (seconds < 60) throw new Error(`--window must be at least a minute, not ${text}`);
  return seconds / 60;
}

const score = (value: number) => (Math.abs(value) >= 0.001 || value === 0 ? value.toFixed(4) : value.toExponential(2));

export function describeDrift(report: DriftReport): string {
  const verdict = report.datasetDrift
    ? `DRIFT: ${report.driftedFeatures} of ${report.features.length} features drifted (share ${report.driftShare.toFixed(2)}, the dataset drifts at 0.5)`
    : `no dataset drift: ${report.driftedFeatures} of ${report.features.length} features drifted (share ${report.driftShare.toFixed(2)})`;
  return [
    `${report.model} version ${report.version}: ${report.liveRows} live rows from ${report.windowFrom} to ${report.windowTo}`,
    `against ${report.referenceSource}, ${report.referenceRows} rows`,
    verdict,
    '',
    textTable(
      ['feature', 'type', 'test', 'score', 'threshold', 'drift', 'PSI'],
      report.features.map((feature) => [
        feature.feature,
        feature.kind,
        feature.method,
        score(feature.score),
        String(feature.threshold),
        feature.drifted ? 'DRIFT' : '-',
        feature.psi === null ? '-' : feature.psi.toFixed(4),
      ]),
    ),
  ].join('\n');
}

export function registerDrift(program: Command): void {
  program
    .command('drift')
    .description("compare a model's live inputs (the prediction log) with its training data, feature by feature")
    .requiredOption('--model <reference>', 'NAME (newest version), NAME@ALIAS or NAME:VERSION')
    .option('--window <duration>', 'how far back the live inputs go: 30m, 12h, 7d…', '24h')
    .option(...PROJECT_OPTION)
    .option('--json', 'print the report as JSON')
    .action(async (options: DriftOptions) => {
      try {
        const windowMinutes = parseWindow(options.window);
        const report = await withProject(options, async (project) => {
          const predictionLog = new PredictionLogConnection(project.path);
          try {
            return await checkDrift(project, predictionLog, { model: options.model, windowMinutes }, (comparison) =>
              runJobFromCli(project, 'drift-check', comparison, options),
            );
          } finally {
            predictionLog.close();
          }
        });
        printResult(options, report, () => describeDrift(report));
        if (report.datasetDrift) process.exitCode = 3;
      } catch (error) {
        exitWithError(options, error);
      }
    });
}
