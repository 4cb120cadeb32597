import { TriadError } from '../../../shared/contract/errors.js';

/** A registered model named on its own (its newest version), by alias (NAME@ALIAS) or by version (NAME:VERSION). */
export type ModelReference =
  | { name: string; alias?: undefined; version?: undefined }
  | { name: string; alias: string; version?: undefined }
  | { name: string; version: number; alias?: undefined };

/** Model names and aliases: a letter or digit, then letters, digits, `_`, `-` or `.`; at most 100. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export function assertModelName(name: string, what = 'a model name'): void {
  if (!NAME.test(name))
    throw new TriadError(
      'invalid_input',
      `"${name}" is not ${what}: use letters, digits, _, - and . (starting with a letter or digit, at most 100)`,
    );
}

export function parseModelReference(text: string): ModelReference {
  const at = text.indexOf('@');
  if (at >= 0) {
    const name = text.slice(0, at);
    const alias = text.slice(at + 1);
    assertModelName(name);
    assertModelName(alias, 'an alias');
    return { name, alias };
  }
  const colon = text.lastIndexOf(':');
  if (colon >= 0) {
    const name = text.slice(0, colon);
    const version = text.slice(colon + 1);
    assertModelName(name);
    if (!/^[1-9]\d{0,8}$/.test(version))
      throw new TriadError('invalid_input', `"${version}" is not a model version: versions are whole numbers from 1`);
    return { name, version: Number(version) };
  }
  assertModelName(text);
  return { name: text };
}

export function formatModelReference(reference: ModelReference): string {
  if (reference.alias !== undefined) return `${reference.name}@${reference.alias}`;
  if (reference.version !== undefined) return `${reference.name}:${reference.version}`;
  return reference.name;
}
