/**
 * An empty object to hold values by a model's tensor names. The names come from the model file,
 * so any name, "toString" or "__proto__" too, must be a key of its own here and nothing else.
 */
export function byTensorName<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
