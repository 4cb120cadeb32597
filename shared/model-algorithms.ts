import { TriadError } from './contract/errors.js';

/** The algorithms `triad train` and the Train page offer. */
export const ALGORITHMS = ['logreg', 'linreg', 'kmeans'] as const;
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

export const ALGORITHM_PARAMETERS: Record<Algorithm, ParameterSpec[]> = {
  logreg: LINEAR,
  linreg: LINEAR,
  kmeans: KMEANS,
};

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
