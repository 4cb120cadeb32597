import { TriadError } from './contract/errors.js';

/** The algorithms `triad train` and the Train page offer. */
export const ALGORITHMS = ['gbdt', 'logreg', 'linreg', 'kmeans'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export interface ParameterSpec {
  name: string;
  /** What it does, for help texts and the Train page. */
  description: string;
  default: number;
  min: number;
  max: number;
  integer: boolean;
}

const LINEAR: ParameterSpec[] = [
  {
    name: 'alpha',
    description: 'regularization strength: larger shrinks the weights more (scikit-learn C = 1 / (rows x alpha))',
    default: 1e-4,
    min: 0,
    max: 1e6,
    integer: false,
  },
  {
    name: 'l1_ratio',
    description: 'the share of the penalty that is L1 (lasso, zeroes weights); 0 is ridge (L2), between is elastic net',
    default: 0,
    min: 0,
    max: 1,
    integer: false,
  },
  {
    name: 'max_iter',
    description: 'at most this many solver iterations',
    default: 500,
    min: 1,
    max: 100_000,
    integer: true,
  },
  {
    name: 'tol',
    description: 'stop when an iteration improves the loss by less than this share',
    default: 1e-10,
    min: 0,
    max: 1,
    integer: false,
  },
];

const KMEANS: ParameterSpec[] = [
  { name: 'k', description: 'the number of clusters', default: 8, min: 1, max: 1000, integer: true },
  {
    name: 'n_init',
    description: 'runs from different k-means++ starts; the one with the lowest inertia is kept',
    default: 10,
    min: 1,
    max: 1000,
    integer: true,
  },
  {
    name: 'max_iter',
    description: 'at most this many iterations per run',
    default: 300,
    min: 1,
    max: 100_000,
    integer: true,
  },
  {
    name: 'tol',
    description: 'a run stops when no center moves further than this (relative to the features’ variance)',
    default: 1e-4,
    min: 0,
    max: 1,
    integer: false,
  },
];

const GBDT: ParameterSpec[] = [
  {
    name: 'n_estimators',
    description: 'boosting rounds: one tree per round (per class for more than two classes)',
    default: 100,
    min: 1,
    max: 100_000,
    integer: true,
  },
  {
    name: 'learning_rate',
    description: 'how much of each tree’s correction is kept: smaller needs more rounds and generalizes better',
    default: 0.1,
    min: 1e-6,
    max: 1,
    integer: false,
  },
  {
    name: 'max_depth',
    description: 'the deepest a tree may grow (splits from its root to a leaf)',
    default: 6,
    min: 1,
    max: 30,
    integer: true,
  },
  {
    name: 'max_leaves',
    description: 'at most this many leaves per tree, best splits first (0: only the depth limits them)',
    default: 0,
    min: 0,
    max: 65_536,
    integer: true,
  },
  {
    name: 'min_child_weight',
    description: 'the least hessian sum (about the row count for a regression) each side of a split must keep',
    default: 1,
    min: 0,
    max: 1e9,
    integer: false,
  },
  {
    name: 'reg_lambda',
    description: 'L2 penalty on leaf values: larger shrinks each tree’s corrections',
    default: 1,
    min: 0,
    max: 1e6,
    integer: false,
  },
  {
    name: 'gamma',
    description: 'the least loss reduction a split must bring to be made',
    default: 0,
    min: 0,
    max: 1e9,
    integer: false,
  },
  {
    name: 'subsample',
    description: 'the share of rows each round trains on, drawn at random (by the seed)',
    default: 1,
    min: 0.01,
    max: 1,
    integer: false,
  },
  {
    name: 'colsample_bytree',
    description: 'the share of input columns each tree may split on, drawn at random',
    default: 1,
    min: 0.01,
    max: 1,
    integer: false,
  },
  {
    name: 'max_bin',
    description:
      'numbers are cut into at most this many bins of about equal count; text columns keep this many categories',
    default: 255,
    min: 2,
    max: 255,
    integer: true,
  },
  {
    name: 'early_stopping_rounds',
    description:
      'stop when the held-out loss has not improved for this many rounds, keeping the best round (0: train every round)',
    default: 0,
    min: 0,
    max: 100_000,
    integer: true,
  },
];

export const ALGORITHM_PARAMETERS: Record<Algorithm, ParameterSpec[]> = {
  gbdt: GBDT,
  logreg: LINEAR,
  linreg: LINEAR,
  kmeans: KMEANS,
};

/** What one step of training is called in its progress: k-means restarts, boosting rounds, solver iterations. */
export function iterationUnit(algorithm: Algorithm): 'restarts' | 'rounds' | 'iterations' {
  return algorithm === 'kmeans' ? 'restarts' : algorithm === 'gbdt' ? 'rounds' : 'iterations';
}

/** One step of training, as a chart's axis names it: restart, round or iteration. */
export function stepName(algorithm: Algorithm): string {
  return iterationUnit(algorithm).replace(/s$/, '');
}

/** The most steps training takes with these parameters. */
export function iterationLimit(algorithm: Algorithm, parameters: Record<string, number>): number {
  const name = algorithm === 'kmeans' ? 'n_init' : algorithm === 'gbdt' ? 'n_estimators' : 'max_iter';
  return parameters[name] ?? 0;
}

/** How training ended, in words: iterations, rounds or restarts, and whether it converged or stopped early. */
export function trainingOutcome(algorithm: Algorithm, converged: boolean, iterations: number): string {
  const count = (noun: string) => `${iterations.toLocaleString('en-US')} ${noun}${iterations === 1 ? '' : 's'}`;
  if (algorithm === 'gbdt')
    return converged
      ? `Stopped early: the held-out loss had stopped improving; kept the best ${count('round')}`
      : `Trained ${count('round')}`;
  return `${converged ? 'Converged' : 'Stopped before converging'} after ${count('iteration')}`;
}

/** Whether training stopped at its iteration limit before converging (boosting has no such limit: it trains its rounds). */
export function stoppedBeforeConverging(algorithm: Algorithm, converged: boolean): boolean {
  return algorithm !== 'gbdt' && !converged;
}

/** Clustering learns from the features alone: it takes no label. */
export function needsLabel(algorithm: Algorithm): boolean {
  return algorithm !== 'kmeans';
}

export function isAlgorithm(value: string): value is Algorithm {
  return (ALGORITHMS as readonly string[]).includes(value);
}

export function assertAlgorithm(value: string): Algorithm {
  if (!isAlgorithm(value))
    throw new TriadError('invalid_input', `there is no algorithm ${value}: choose one of ${ALGORITHMS.join(', ')}`);
  return value;
}

/** Each parameter's value: the given ones checked against their range, the rest their defaults. */
export function resolveParameters(
  algorithm: Algorithm,
  given: Record<string, string | number>,
): Record<string, number> {
  const specs = ALGORITHM_PARAMETERS[algorithm];
  const unknown = Object.keys(given).filter((name) => !specs.some((spec) => spec.name === name));
  if (unknown.length > 0)
    throw new TriadError(
      'invalid_input',
      `${algorithm} has no parameter ${unknown.join(', ')} (its parameters: ${specs.map((spec) => spec.name).join(', ')})`,
    );
  return Object.fromEntries(
    specs.map((spec) => {
      const raw = given[spec.name];
      if (raw === undefined) return [spec.name, spec.default];
      const value = typeof raw === 'number' ? raw : Number(raw.trim() === '' ? Number.NaN : raw);
      if (!Number.isFinite(value) || value < spec.min || value > spec.max || (spec.integer && !Number.isInteger(value)))
        throw new TriadError(
          'invalid_input',
          `${spec.name} must be ${spec.integer ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max}, not "${raw}"`,
        );
      return [spec.name, value];
    }),
  );
}
