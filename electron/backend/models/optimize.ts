/** A smooth objective: writes its gradient at `x` into `gradient` and returns its value. */
export type SmoothObjective = (x: Float64Array, gradient: Float64Array) => number;

export interface MinimizeOptions {
  /** Weight of the L1 term on the coordinates `penalized` marks (OWL-QN); 0 for plain L-BFGS. */
  l1: number;
  penalized: (index: number) => boolean;
  maxIterations: number;
  /** Stop when the objective's relative decrease over an iteration falls under this. */
  tolerance: number;
  /** Called after each iteration; return false to stop. */
  onIteration?(iteration: number, value: number, x: Float64Array): boolean | undefined;
}

export interface MinimizeResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

const HISTORY = 10;

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** The L1 term's subgradient of least norm added to the gradient (OWL-QN's pseudo-gradient). */
function pseudoGradient(x: Float64Array, gradient: Float64Array, options: MinimizeOptions, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    const g = gradient[i] as number;
    if (options.l1 === 0 || !options.penalized(i)) {
      out[i] = g;
      continue;
    }
    const xi = x[i] as number;
    if (xi > 0) out[i] = g + options.l1;
    else if (xi < 0) out[i] = g - options.l1;
    else if (g + options.l1 < 0) out[i] = g + options.l1;
    else if (g - options.l1 > 0) out[i] = g - options.l1;
    else out[i] = 0;
  }
}

function l1Norm(x: Float64Array, options: MinimizeOptions): number {
  if (options.l1 === 0) return 0;
  let sum = 0;
  for (let i = 0; i < x.length; i++) if (options.penalized(i)) sum += Math.abs(x[i] as number);
  return options.l1 * sum;
}

/**
 * Minimizes a smooth objective plus an optional L1 term with limited-memory quasi-Newton steps
 * (L-BFGS; with L1, its orthant-wise variant OWL-QN) and a backtracking line search.
 */
export function minimize(objective: SmoothObjective, start: Float64Array, options: MinimizeOptions): MinimizeResult {
  const size = start.length;
  let x = Float64Array.from(start);
  let gradient = new Float64Array(size);
  let value = objective(x, gradient) + l1Norm(x, options);
  const pseudo = new Float64Array(size);
  const direction = new Float64Array(size);
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  const alphas = new Float64Array(HISTORY);
  let nextX = new Float64Array(size);
  let nextGradient = new Float64Array(size);
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    pseudoGradient(x, gradient, options, pseudo);
    let largest = 0;
    for (let i = 0; i < size; i++) largest = Math.max(largest, Math.abs(pseudo[i] as number));
    if (largest === 0) return { x, value, iterations: iteration - 1, converged: true };

    // Two-loop recursion: direction = -H * pseudo-gradient.
    for (let i = 0; i < size; i++) direction[i] = -(pseudo[i] as number);
    for (let k = steps.length - 1; k >= 0; k--) {
      const s = steps[k] as Float64Array;
      const y = changes[k] as Float64Array;
      const alpha = dot(s, direction) / dot(y, s);
      alphas[k] = alpha;
      for (let i = 0; i < size; i++) direction[i] = (direction[i] as number) - alpha * (y[i] as number);
    }
    if (steps.length > 0) {
      const s = steps[steps.length - 1] as Float64Array;
      const y = changes[changes.length - 1] as Float64Array;
      const gamma = dot(s, y) / dot(y, y);
      for (let i = 0; i < size; i++) direction[i] = (direction[i] as number) * gamma;
    } else {
      // The first step: a unit step along the steepest descent, scaled to the gradient's size.
      const norm = Math.sqrt(dot(direction, direction));
      for (let i = 0; i < size; i++) direction[i] = (direction[i] as number) / Math.max(1, norm);
    }
    for (let k = 0; k < steps.length; k++) {
      const s = steps[k] as Float64Array;
      const y = changes[k] as Float64Array;
      const beta = dot(y, direction) / dot(y, s);
      for (let i = 0; i < size; i++)
        direction[i] = (direction[i] as number) + (s[i] as number) * ((alphas[k] as number) - beta);
    }
    if (options.l1 > 0)
      for (let i = 0; i < size; i++) if ((direction[i] as number) * (pseudo[i] as number) >= 0) direction[i] = 0;

    // Backtracking line search, staying in the orthant the step starts in.
    let step = 1;
    let nextValue = Number.POSITIVE_INFINITY;
    let accepted = false;
    for (let trial = 0; trial < 40; trial++) {
      for (let i = 0; i < size; i++) {
        const moved = (x[i] as number) + step * (direction[i] as number);
        if (options.l1 > 0 && options.penalized(i)) {
          const orthant = (x[i] as number) !== 0 ? Math.sign(x[i] as number) : -Math.sign(pseudo[i] as number);
          nextX[i] = Math.sign(moved) === orthant ? moved : 0;
        } else nextX[i] = moved;
      }
      nextValue = objective(nextX, nextGradient) + l1Norm(nextX, options);
      let decrease = 0;
      for (let i = 0; i < size; i++) decrease += (pseudo[i] as number) * ((nextX[i] as number) - (x[i] as number));
      if (nextValue <= value + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) return { x, value, iterations: iteration, converged: true };

    const s = new Float64Array(size);
    const y = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      s[i] = (nextX[i] as number) - (x[i] as number);
      y[i] = (nextGradient[i] as number) - (gradient[i] as number);
    }
    if (dot(s, y) > 1e-12) {
      steps.push(s);
      changes.push(y);
      if (steps.length > HISTORY) {
        steps.shift();
        changes.shift();
      }
    }
    const relative = (value - nextValue) / Math.max(Math.abs(value), Math.abs(nextValue), 1);
    [x, nextX] = [nextX, x];
    [gradient, nextGradient] = [nextGradient, gradient];
    value = nextValue;
    if (options.onIteration?.(iteration, value, x) === false)
      return { x, value, iterations: iteration, converged: false };
    if (relative < options.tolerance) return { x, value, iterations: iteration, converged: true };
  }
  return { x, value, iterations: options.maxIterations, converged: false };
}
