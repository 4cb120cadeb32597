/** What a split needs from the trainer's settings. */
export interface SplitSettings {
  /** L2 penalty on leaf values (XGBoost's lambda). */
  lambda: number;
  /** The least hessian sum a child may have (XGBoost's min_child_weight). */
  minChildWeight: number;
  /** The least loss reduction a split must bring (XGBoost's gamma). */
  minGain: number;
}

/** A node's best split, as the kernel's findSplit finds it. */
export interface Split {
  feature: number;
  categorical: boolean;
  bin: number;
  defaultLeft: boolean;
  gain: number;
  leftGradient: number;
  leftHessian: number;
}
