/** Small helpers over plain JSON documents. */

export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** RFC 6901 pointer segment. */
export const pointerSegment = (key: string | number): string =>
  String(key).replaceAll('~', '~0').replaceAll('/', '~1');

/** Calls `visit` for every value of `root` with its JSON pointer. */
export function walkJson(root: unknown, visit: (value: unknown, pointer: string) => void, at = ''): void {
  visit(root, at);
  if (Array.isArray(root)) {
    for (const [i, item] of root.entries()) walkJson(item, visit, `${at}/${i}`);
  } else if (isJsonObject(root)) {
    for (const [key, value] of Object.entries(root)) walkJson(value, visit, `${at}/${pointerSegment(key)}`);
  }
}

/** Every `$ref` string inside `root`. */
export function refsIn(root: unknown): Set<string> {
  const refs = new Set<string>();
  walkJson(root, (value) => {
    if (isJsonObject(value) && typeof value.$ref === 'string') refs.add(value.$ref);
  });
  return refs;
}

/**
 * Keeps only the components of `schemas` that `roots` reference, directly or through each other.
 * `prefix` is the ref path of the map, e.g. `#/components/schemas/`.
 */
export function pruneUnreferenced<T>(
  schemas: Record<string, T>,
  roots: unknown,
  prefix: string,
): Record<string, T> {
  const used = new Set<string>();
  const queue = [...refsIn(roots)];
  while (queue.length > 0) {
    const ref = queue.pop()!;
    if (!ref.startsWith(prefix)) continue;
    const name = ref.slice(prefix.length);
    if (used.has(name) || !(name in schemas)) continue;
    used.add(name);
    queue.push(...refsIn(schemas[name]));
  }
  const kept: Record<string, T> = {};
  for (const name of Object.keys(schemas).sort()) if (used.has(name)) kept[name] = schemas[name] as T;
  return kept;
}

/** `additionalProperties: {}` (what `z.record(…, z.unknown())` gives) written as the equivalent `true`. */
export function openAdditionalProperties(root: unknown): void {
  walkJson(root, (value) => {
    if (!isJsonObject(value)) return;
    const extra = value.additionalProperties;
    if (isJsonObject(extra) && Object.keys(extra).length === 0) value.additionalProperties = true;
  });
}

/** The first JSON pointer where `a` and `b` differ, or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, at = ''): string | undefined {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const found = firstDifference(a[i], b[i], `${at}/${i}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference(a[key], b[key], `${at}/${pointerSegment(key)}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : at || '/';
}

/** The committed form of a generated document: 2-space JSON and a trailing newline. */
export const toJsonText = (doc: unknown): string => `${JSON.stringify(doc, null, 2)}\n`;
