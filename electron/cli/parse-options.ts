import { InvalidArgumentError } from 'commander';
import { TriadError } from '../../shared/contract/errors.js';
import { PORT_RANGE, parsePortNumber } from '../../shared/port-number.js';

export function parsePort(value: string): number {
  const port = parsePortNumber(value);
  if (port === null) throw new InvalidArgumentError(`"${value}" is not a port number (${PORT_RANGE})`);
  return port;
}

export function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return count;
}

export function parsePositiveCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError(`"${value}" is not a whole number above 0`);
  return count;
}

export function parseNumber(value: string): number {
  const number = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(number)) throw new InvalidArgumentError(`"${value}" is not a number`);
  return number;
}

export function parseChoice<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`"${value}" is not one of ${choices.join(', ')}`);
  };
}

/** For repeatable options: each use adds one value. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseCountAtMost(maximum: number): (value: string) => number {
  return (value) => {
    const count = parseCount(value);
    if (count > maximum)
      throw new InvalidArgumentError(`"${value}" is more than the ${maximum.toLocaleString('en-US')} allowed`);
    return count;
  };
}

/** `--param NAME=VALUE` options, repeated, as a record. */
export function parseParams(pairs: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new TriadError('invalid_input', `--param takes NAME=VALUE, not "${pair}"`);
    params[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return params;
}
