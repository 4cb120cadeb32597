import type { PipelineDefinition, PipelineStep } from '../../../shared/contract/pipeline-definition.js';
import type { DefinitionProblem } from '../../../shared/contract/schemas.js';
import { cronProblem, timezoneProblem } from './cron-schedule.js';
import { pipelineParameters } from './pipeline-values.js';

type Path = (string | number)[];

/** The tables a step writes whose names its file spells out (a name holding a reference is known only as it runs). */
function tablesWritten(pipeline: string, step: PipelineStep): string[] {
  switch (step.kind) {
    case 'ingest':
    case 'sql':
    case 'training_set':
      return [step.with.table];
    case 'predict':
      return [step.with.into];
    case 'split':
      return [`${pipeline}_${step.name}_train`, `${pipeline}_${step.name}_test`];
    case 'command':
      return Object.entries(step.with.outputs)
        .filter(([, output]) => output.type === 'table')
        .map(([name]) => `${pipeline}_${step.name}_${name}`);
    default:
      return [];
  }
}

/** Why parameter values a schedule or trigger gives would be refused at run time, or null. */
function overridesProblem(pipeline: PipelineDefinition, params: Record<string, string | number | boolean>) {
  try {
    pipelineParameters(pipeline, params);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Checks what makes the pipeline run by itself: the schedule's time zone, cron expression and
 * parameters, and each trigger's parameters and table (a table the pipeline writes would trigger
 * it again with every run).
 */
export function scheduleProblems(
  pipeline: PipelineDefinition,
  problemAt: (path: Path, message: string) => DefinitionProblem,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const { schedule } = pipeline;
  if (schedule) {
    const zone = timezoneProblem(schedule.timezone);
    if (zone) problems.push(problemAt(['schedule', 'timezone'], `schedule timezone: ${zone}`));
    const cron = zone ? null : cronProblem(schedule);
    if (cron) problems.push(problemAt(['schedule', 'cron'], `schedule cron: ${cron}`));
    const params = overridesProblem(pipeline, schedule.params);
    if (params) problems.push(problemAt(['schedule', 'params'], `schedule params: ${params}`));
  }
  const written = new Map(
    pipeline.steps.flatMap((step) =>
      tablesWritten(pipeline.name, step).map((table) => [table.toLowerCase(), step.name] as const),
    ),
  );
  pipeline.triggers.forEach((trigger, index) => {
    const writer = written.get(trigger.table.toLowerCase());
    if (writer)
      problems.push(
        problemAt(
          ['triggers', index, 'table'],
          `trigger ${index + 1} table: step \`${writer}\` writes \`${trigger.table}\`, so each run would trigger the next`,
        ),
      );
    const params = overridesProblem(pipeline, trigger.params);
    if (params) problems.push(problemAt(['triggers', index, 'params'], `trigger ${index + 1} params: ${params}`));
  });
  return problems;
}
