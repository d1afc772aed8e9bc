/**
 * Objects keyed by values from data files (class names, split names, group values). Keys are
 * set as own properties, so a value such as `__proto__` never reaches an object's prototype.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `{names[i]: values[i]}`, built with setOwn. */
export function recordOf<T>(names: readonly string[], values: readonly T[]): Record<string, T> {
  const out: Record<string, T> = {};
  names.forEach((name, index) => setOwn(out, name, values[index]));
  return out;
}
