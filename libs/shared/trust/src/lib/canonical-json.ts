/**
 * JSON with object keys sorted at every depth (by UTF-16 code units, like `Array#sort`) and no
 * white space: the exact text the server rebuilds from a signed answer and checks the
 * signature against. Keys whose value is `undefined` are left out, as `JSON.stringify` does;
 * array order is kept.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) {
        sorted[key] = sortKeys(item);
      }
    }
    return sorted;
  }
  return value;
}
