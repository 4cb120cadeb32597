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

/** A classifier's metrics by the names people know from scikit-learn and MLflow. */
export function namedClassificationMetrics(metrics: ClassificationMetrics): Record<string, number | null> {
  return {
    accuracy: metrics.accuracy,
    precision: metrics.precision,
    recall: metrics.recall,
    f1: metrics.f1,
    roc_auc: metrics.rocAuc,
    log_loss: metrics.logLoss,
  };
}

export interface RegressionMetrics {
  rmse: number;
  mae: number;
  r2: number;
}

const LOG_LOSS_EPSILON = 1e-15;
/** Curves keep at most about this many points: enough to draw, small enough to store. */
const CURVE_POINTS = 200;

/** The points of a curve of `total` points worth drawing: about CURVE_POINTS of them, the last always. */
function thinnedCurve(total: number, pointAt: (index: number) => CurvePoint): CurvePoint[] {
  const every = total <= CURVE_POINTS ? 1 : Math.ceil(total / CURVE_POINTS);
  const points: CurvePoint[] = [];
  for (let index = 0; index < total; index++)
    if (index % every === 0 || index === total - 1) points.push(pointAt(index));
  return points;
}

/** Per distinct score, from the highest down: how many positive and negative rows have it. */
interface ScoreLevels {
  positives: Int32Array;
  negatives: Int32Array;
  count: number;
  positiveTotal: number;
  negativeTotal: number;
}

/**
 * A missing score counts as the lowest. Each class's scores are sorted on their own, as plain
 * numbers, which is many times faster than sorting row numbers by score.
 */
function scoreLevels(scores: ArrayLike<number>, isPositive: ArrayLike<boolean>): ScoreLevels {
  let positiveTotal = 0;
  for (let row = 0; row < isPositive.length; row++) if (isPositive[row]) positiveTotal += 1;
  const positive = new Float64Array(positiveTotal);
  const negative = new Float64Array(isPositive.length - positiveTotal);
  let p = 0;
  let n = 0;
  for (let row = 0; row < isPositive.length; row++) {
    const score = scores[row] as number;
    const value = Number.isNaN(score) ? Number.NEGATIVE_INFINITY : score;
    if (isPositive[row]) positive[p++] = value;
    else negative[n++] = value;
  }
  positive.sort();
  negative.sort();
  const levels: ScoreLevels = {
    positives: new Int32Array(isPositive.length),
    negatives: new Int32Array(isPositive.length),
    count: 0,
    positiveTotal,
    negativeTotal: negative.length,
  };
  p = positive.length - 1;
  n = negative.length - 1;
  while (p >= 0 || n >= 0) {
    const score = Math.max(
      p >= 0 ? (positive[p] as number) : Number.NEGATIVE_INFINITY,
      n >= 0 ? (negative[n] as number) : Number.NEGATIVE_INFINITY,
    );
    let positivesAtScore = 0;
    let negativesAtScore = 0;
    for (; p >= 0 && positive[p] === score; p--) positivesAtScore += 1;
    for (; n >= 0 && negative[n] === score; n--) negativesAtScore += 1;
    levels.positives[levels.count] = positivesAtScore;
    levels.negatives[levels.count] = negativesAtScore;
    levels.count += 1;
  }
  return levels;
}

function rocFromLevels(levels: ScoreLevels): { auc: number | null; curve: CurvePoint[] } {
  const { positiveTotal, negativeTotal, count } = levels;
  if (positiveTotal === 0 || negativeTotal === 0) return { auc: null, curve: [] };
  // Point 0 is the corner (0, 0); point i + 1 is reached after level i.
  const truePositives = new Int32Array(count + 1);
  const falsePositives = new Int32Array(count + 1);
  let area = 0;
  for (let level = 0; level < count; level++) {
    const positivesAtScore = levels.positives[level] as number;
    const negativesAtScore = levels.negatives[level] as number;
    area += (negativesAtScore * (2 * (truePositives[level] as number) + positivesAtScore)) / 2;
    truePositives[level + 1] = (truePositives[level] as number) + positivesAtScore;
    falsePositives[level + 1] = (falsePositives[level] as number) + negativesAtScore;
  }
  return {
    auc: area / (positiveTotal * negativeTotal),
    curve: thinnedCurve(count + 1, (point) => ({
      x: (falsePositives[point] as number) / negativeTotal,
      y: (truePositives[point] as number) / positiveTotal,
    })),
  };
}

function precisionRecallFromLevels(levels: ScoreLevels): CurvePoint[] {
  const { positiveTotal, count } = levels;
  if (positiveTotal === 0) return [];
  const truePositives = new Int32Array(count);
  const taken = new Int32Array(count);
  for (let level = 0; level < count; level++) {
    const positivesAtScore = levels.positives[level] as number;
    truePositives[level] = (level > 0 ? (truePositives[level - 1] as number) : 0) + positivesAtScore;
    taken[level] =
      (level > 0 ? (taken[level - 1] as number) : 0) + positivesAtScore + (levels.negatives[level] as number);
  }
  return thinnedCurve(count, (level) => ({
    x: (truePositives[level] as number) / positiveTotal,
    y: (truePositives[level] as number) / (taken[level] as number),
  }));
}

/**
 * The ROC curve's corners and the area under it, ties in score taken together (as
 * scikit-learn's roc_auc_score): null when only one class is present.
 */
export function rocCurve(
  scores: ArrayLike<number>,
  positives: ArrayLike<boolean>,
): { auc: number | null; curve: CurvePoint[] } {
  return rocFromLevels(scoreLevels(scores, positives));
}

/** Precision against recall as the threshold falls, ties in score taken together. */
export function precisionRecallCurve(scores: ArrayLike<number>, positives: ArrayLike<boolean>): CurvePoint[] {
  return precisionRecallFromLevels(scoreLevels(scores, positives));
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
  const focusLevels = scoreLevels(scoresOf(focus), isClass(focus));
  const focusRoc = rocFromLevels(focusLevels);
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
    prCurve: precisionRecallFromLevels(focusLevels),
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
