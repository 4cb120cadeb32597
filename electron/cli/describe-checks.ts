import type { CheckResult } from '../../shared/contract/schemas.js';

const MARK: Record<CheckResult['status'], string> = { passed: 'ok  ', failed: 'FAIL', error: 'ERR ' };

export function describeCheckResults(results: readonly CheckResult[]): string {
  return results
    .map(
      (result) =>
        `  ${MARK[result.status]} ${result.check} (${result.kind} on ${result.target}.${result.column}${result.blocking ? ', blocking' : ''}): ${result.detail}`,
    )
    .join('\n');
}
