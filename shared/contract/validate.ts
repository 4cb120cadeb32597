import type { z } from 'zod';
import { TriadError } from './errors.js';
import { isMethodName, type MethodName, type MethodOutput, type MethodParams, methods } from './methods.js';

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : '(input)';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

export function requireMethodName(name: unknown): MethodName {
  if (isMethodName(name)) return name;
  const shown = typeof name === 'string' ? `"${name}"` : `a ${name === null ? 'null' : typeof name}`;
  throw new TriadError('unknown_method', `unknown method ${shown}: the backend has no such method`);
}

export function parseInput<M extends MethodName>(name: M, input: unknown): MethodParams<M> {
  const result = methods[name].input.safeParse(input ?? {});
  if (!result.success) {
    throw new TriadError('invalid_input', `${name}: invalid input: ${describeIssues(result.error.issues)}`);
  }
  return result.data as MethodParams<M>;
}

export function parseOutput<M extends MethodName>(name: M, output: unknown): MethodOutput<M> {
  const result = methods[name].output.safeParse(output);
  if (!result.success) {
    throw new TriadError(
      'invalid_output',
      `${name}: the backend returned an invalid result: ${describeIssues(result.error.issues)}`,
    );
  }
  return result.data as MethodOutput<M>;
}
