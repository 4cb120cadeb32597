/** A point of a curve: ROC (x false positive rate, y true positive rate) or PR (x recall, y precision). */
export interface CurvePoint {
  x: number;
  y: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  /** Binary: of the positive (second) class; multiclass: macro averages over the classes. */
  precision: number;
  recall: number;
  f1: number;
  /** Binary: of the positive class's probability; multiclass: the macro average of one-vs-rest AUCs. */
  rocAuc: number | null;
  logLoss: number;
  /** confusion[actual][predicted], in class order. */
  confusion: number[][];
  /** Of the positive class (binary) or the first class one-vs-rest (multiclass). */
  rocCurve: CurvePoint[];
  prCurve: CurvePoint[];
}

export interface RegressionMetrics {
  rmse: number;
  mae: number;
  r2: number;
}

const LOG_LOSS_EPSILON = 1e-15;
/** Curves keep at most about this many points: enough to draw, small enough to store. */
const CURVE_POINTS = 200;

function thin(points: CurvePoint[]): CurvePoint[] {
  if (points.length <= CURVE_POINTS) return points;
  const every = Math.ceil(points.length / CURVE_POINTS);
  return points.filter((_, index) => index % every === 0 || index === points.length - 1);
}

/**
 * The ROC curve's corners and the area under it, ties in score taken together (as
 * scikit-learn's roc_auc_score): null when only one class is present.
 */
export function rocCurve(
  scores: ArrayLike<number>,
  positives: ArrayLike<boolean>,
): { auc: number | null; curve: CurvePoint[] } {
  const order = Array.from({ length: scores.length }, (_, index) => index).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number),
  );
  let positiveCount = 0;
  for (let index = 0; index < positives.length; index++) if (positives[index]) positiveCount += 1;
  const negativeCount = positives.length - positiveCount;
  if (positiveCount === 0 || negativeCount === 0) return { auc: null, curve: [] };
  const curve: CurvePoint[] = [{ x: 0, y: 0 }];
  let truePositives = 0;
  let falsePositives = 0;
  let area = 0;
  for (let at = 0; at < order.length; ) {
    const score = scores[order[at] as number] as number;
    const before = { tp: truePositives, fp: falsePositives };
    while (at < order.length && scores[order[at] as number] === score) {
      if (positives[order[at] as number]) truePositives += 1;
      else falsePositives += 1;
      at += 1;
    }
    area += ((falsePositives - before.fp) * (truePositives + before.tp)) / 2;
    curve.push({ x: falsePositives / negativeCount, y: truePositives / positiveCount });
  }
  return { auc: area / (positiveCount * negativeCount), curve: thin(curve) };
}

/** Precision against recall as the threshold falls, ties in score taken together. */
export function precisionRecallCurve(scores: ArrayLike<number>, positives: ArrayLike<boolean>): CurvePoint[] {
  const order = Array.from({ length: scores.length }, (_, index) => index).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number),
  );
  let positiveCount = 0;
  for (let index = 0; index < positives.length; index++) if (positives[index]) positiveCount += 1;
  if (positiveCount === 0) return [];
  const curve: CurvePoint[] = [];
  let truePositives = 0;
  let taken = 0;
  for (let at = 0; at < order.length; ) {
    const score = scores[order[at] as number] as number;
    while (at < order.length && scores[order[at] as number] === score) {
      if (positives[order[at] as number]) truePositives += 1;
      taken += 1;
      at += 1;
    }
    curve.push({ x: truePositives / positiveCount, y: truePositives / taken });
  }
  return thin(curve);
}

/**
 * Metrics of a classifier's predictions: `actual` and `predicted` are class indices,
 * `probabilities` is rows x classes.
 */
export function classificationMetrics(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  classCount: number,
): ClassificationMetrics {
  const rows = actual.length;
  const confusion = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  let correct = 0;
  let logLoss = 0;
  for (let row = 0; row < rows; row++) {
    const truth = actual[row] as number;
    const guess = predicted[row] as number;
    (confusion[truth] as number[])[guess] = ((confusion[truth] as number[])[guess] as number) + 1;
    if (truth === guess) correct += 1;
    let sum = 0;
    for (let k = 0; k < classCount; k++) sum += probabilities[row * classCount + k] as number;
    const p = (probabilities[row * classCount + truth] as number) / sum;
    logLoss -= Math.log(Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, p)));
  }
  const perClass = Array.from({ length: classCount }, (_, k) => {
    let truePositives = 0;
    let predictedCount = 0;
    let actualCount = 0;
    for (let other = 0; other < classCount; other++) {
      predictedCount += (confusion[other] as number[])[k] as number;
      actualCount += (confusion[k] as number[])[other] as number;
    }
    truePositives = (confusion[k] as number[])[k] as number;
    const precision = predictedCount === 0 ? 0 : truePositives / predictedCount;
    const recall = actualCount === 0 ? 0 : truePositives / actualCount;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { precision, recall, f1 };
  });
  const scoresOf = (k: number) =>
    Float64Array.from({ length: rows }, (_, row) => probabilities[row * classCount + k] as number);
  const isClass = (k: number) => Array.from({ length: rows }, (_, row) => actual[row] === k);
  const binary = classCount === 2;
  const focus = binary ? 1 : 0;
  const focusRoc = rocCurve(scoresOf(focus), isClass(focus));
  let rocAuc = focusRoc.auc;
  if (!binary) {
    const aucs = Array.from({ length: classCount }, (_, k) => rocCurve(scoresOf(k), isClass(k)).auc);
    rocAuc = aucs.some((auc) => auc === null)
      ? null
      : aucs.reduce((sum: number, auc) => sum + (auc as number), 0) / classCount;
  }
  const mean = (pick: (entry: (typeof perClass)[number]) => number) =>
    perClass.reduce((sum, entry) => sum + pick(entry), 0) / classCount;
  const summary = binary
    ? (perClass[1] as (typeof perClass)[number])
    : { precision: mean((e) => e.precision), recall: mean((e) => e.recall), f1: mean((e) => e.f1) };
  return {
    accuracy: rows === 0 ? 0 : correct / rows,
    ...summary,
    rocAuc,
    logLoss: rows === 0 ? 0 : logLoss / rows,
    confusion,
    rocCurve: focusRoc.curve,
    prCurve: precisionRecallCurve(scoresOf(focus), isClass(focus)),
  };
}

export function regressionMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>): RegressionMetrics {
  const rows = actual.length;
  let mean = 0;
  for (let row = 0; row < rows; row++) mean += (actual[row] as number) / rows;
  let squares = 0;
  let absolute = 0;
  let total = 0;
  for (let row = 0; row < rows; row++) {
    const error = (actual[row] as number) - (predicted[row] as number);
    squares += error * error;
    absolute += Math.abs(error);
    total += ((actual[row] as number) - mean) ** 2;
  }
  return {
    rmse: Math.sqrt(squares / rows),
    mae: absolute / rows,
    r2: total === 0 ? (squares === 0 ? 1 : 0) : 1 - squares / total,
  };
}
