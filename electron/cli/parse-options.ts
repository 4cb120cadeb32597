import { InvalidArgumentError } from 'commander';
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
