import { ownValue } from '../../../shared/own-value.js';

/** A metric as people read it: four significant digits, n/a when it could not be computed. */
export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  return Number(value.toPrecision(4)).toLocaleString('en-US', { maximumSignificantDigits: 4 });
}

const METRIC_LABELS: Record<string, string> = {
  accuracy: 'Accuracy',
  precision: 'Precision',
  recall: 'Recall',
  f1: 'F1',
  roc_auc: 'ROC AUC',
  log_loss: 'Log loss',
  rmse: 'RMSE',
  mae: 'MAE',
  r2: 'R²',
  inertia: 'Inertia',
  silhouette: 'Silhouette',
};

export function metricLabel(name: string): string {
  return ownValue(METRIC_LABELS, name) ?? name;
}

/** The one metric that sums a model up in lists: ROC AUC, else accuracy, else R², else the silhouette. */
export function headlineMetric(metrics: Record<string, number | null>): { name: string; value: number | null } | null {
  for (const name of ['roc_auc', 'accuracy', 'r2', 'silhouette'])
    if (name in metrics) return { name, value: metrics[name] ?? null };
  return null;
}
