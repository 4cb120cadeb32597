/**
 * A record's own value for `key`, never one every object inherits: names typed by users or read
 * from their files ("toString", "constructor", "__proto__") are keys like any other.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
