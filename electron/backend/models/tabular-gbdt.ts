import { TriadError } from '../../../shared/contract/errors.js';
import type { ClassLabels } from './class-labels.js';
import { classPredictions } from './class-predictions.js';
import { type FeatureBins, featureValues, fitBins } from './gbdt/binning.js';
import {
  type BoostedTrees,
  type BoostingRows,
  type BoostingSettings,
  boostedScores,
  type RoundListener,
  startBoosting,
} from './gbdt/boosting.js';
import type { Predictions } from './predictions.js';
import { type FrameColumn, numericValue } from './preprocessing.js';
import { heldOutTargets, keptRows, labelTargets, rowCountOf } from './training-targets.js';

/** An integer label with at most this many distinct values is taken as classes; more, as a number to predict. */
export const MAX_INTEGER_CLASSES = 20;

export type GbdtSettings = BoostingSettings & { maxBins: number };

/** The trainer's settings from the gbdt parameters (as resolveParameters gives them), a seed and a thread count. */
export function gbdtSettings(parameters: Record<string, number>, seed: number, threads: number): GbdtSettings {
  const value = (name: string) => {
    const given = parameters[name];
    if (given === undefined) throw new Error(`the gbdt parameter ${name} was not resolved`);
    return given;
  };
  return {
    rounds: value('n_estimators'),
    learningRate: value('learning_rate'),
    maxDepth: value('max_depth'),
    maxLeaves: value('max_leaves'),
    minChildWeight: value('min_child_weight'),
    lambda: value('reg_lambda'),
    minGain: value('gamma'),
    subsample: value('subsample'),
    colsampleByTree: value('colsample_bytree'),
    maxBins: value('max_bin'),
    earlyStoppingRounds: value('early_stopping_rounds'),
    seed,
    threads,
  };
}

/** Boosted trees with the bins and classes they learned: what predicts from raw columns and exports to ONNX. */
export interface TabularGbdtModel {
  /** Null for a regression. */
  classes: ClassLabels | null;
  boosted: BoostedTrees;
}

/** Classes for text and boolean labels and for integers with few distinct values; a number to predict otherwise. */
export function gbdtTargetKind(label: FrameColumn): 'classes' | 'values' {
  if (label.type === 'text' || label.type === 'boolean') return 'classes';
  if (label.type !== 'integer') return 'values';
  const distinct = new Set<number>();
  for (const value of label.values) {
    const number = numericValue(value);
    if (!Number.isNaN(number)) distinct.add(number);
    if (distinct.size > MAX_INTEGER_CLASSES) return 'values';
  }
  return 'classes';
}

/** The listed rows of each column, or the columns themselves when every row is listed. */
function columnRows(columns: readonly FrameColumn[], kept: number[], rows: number): readonly FrameColumn[] {
  if (kept.length === rows) return columns;
  return columns.map((column) => ({ ...column, values: kept.map((row) => column.values[row]) }));
}

/** Held-out rows whose target is known, as the trainer measures them. */
function heldOutRows(bins: FeatureBins[], columns: readonly FrameColumn[], targets: Float64Array): BoostingRows {
  const kept = keptRows(targets);
  return {
    values: featureValues(bins, columnRows(columns, kept, targets.length), kept.length),
    rows: kept.length,
    targets: Float64Array.from(kept, (row) => targets[row] as number),
  };
}

/**
 * Trains gradient-boosted trees on raw columns: numbers are binned, text columns split by
 * category, missing values learn their direction; rows whose label is missing are left out.
 * Held-out rows are measured after every round (and stop training early when asked).
 */
export function trainTabularGbdt(
  columns: readonly FrameColumn[],
  label: FrameColumn,
  settings: GbdtSettings,
  onRound?: RoundListener,
  heldOut?: { columns: readonly FrameColumn[]; label: FrameColumn },
): TabularGbdtModel {
  if (columns.length === 0) throw new TriadError('invalid_input', 'there is no feature column to train on');
  rowCountOf(columns, label);
  const { classes, targets } = labelTargets(gbdtTargetKind(label), label);
  const kept = keptRows(targets);
  if (kept.length === 0) throw new TriadError('invalid_input', `no row has a value of the label ${label.name}`);
  const classCount = classes?.values.length ?? 1;
  const task = classes === null ? 'regression' : classCount === 2 ? 'binary' : 'multiclass';
  const outputs = classCount === 2 ? 1 : classCount;
  // The helper threads start while the bins are learned.
  const boosting = startBoosting(task, { rows: kept.length, width: columns.length, outputs }, settings);
  try {
    const bins = fitBins(columns, settings.maxBins);
    featureValues(bins, columnRows(columns, kept, targets.length), kept.length, boosting.values);
    const validation = heldOut && heldOutRows(bins, heldOut.columns, heldOutTargets(classes, heldOut.label));
    const boosted = boosting.train(
      bins,
      Float64Array.from(kept, (row) => targets[row] as number),
      onRound,
      validation,
    );
    return { classes, boosted };
  } finally {
    boosting.close();
  }
}

/** Scores raw columns as the exported ONNX model does. */
export function predictTabularGbdt(
  model: TabularGbdtModel,
  columns: readonly FrameColumn[],
): Extract<Predictions, { kind: 'classes' | 'values' }> {
  const rows = rowCountOf(columns, null);
  const scores = boostedScores(model.boosted, featureValues(model.boosted.bins, columns, rows), rows);
  if (model.classes === null) return { kind: 'values', values: scores };
  return classPredictions(scores, rows, model.classes);
}
