/**
 * Compares two JSON Schemas (OpenAPI 3.1) for what a client written against the old one would
 * notice. A request schema must still accept everything it accepted (no narrowing); a response
 * schema may only send what it sent (no removed or loosened field, no new kind of value).
 */

export type JsonSchema = Record<string, unknown>;
export type Direction = 'request' | 'response';

/** Resolves `$ref`s within one OpenAPI document. */
export type Resolve = (schema: unknown) => JsonSchema;

/** The resolvers of the old and the new document (they share component names, not definitions). */
export interface Resolvers {
  prev: Resolve;
  next: Resolve;
}

export interface SchemaChange {
  /** Where in the schema, e.g. `body.rules[].name`. */
  at: string;
  change: string;
}

const asArray = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];
const strings = (value: unknown): string[] =>
  asArray(value).filter((v): v is string => typeof v === 'string');
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** The JSON types a schema allows, or undefined when it does not say (anything goes). */
function typesOf(schema: JsonSchema): Set<string> | undefined {
  const types = strings(schema.type);
  return types.length > 0 ? new Set(types) : undefined;
}

/** Whether every value of type `narrow` is a value of one of `wide` (integers are numbers). */
function covered(narrow: string, wide: Set<string>): boolean {
  return wide.has(narrow) || (narrow === 'integer' && wide.has('number'));
}

/** allOf of one schema (a `$ref` with a description beside it) reads as that schema. */
function flatten(schema: JsonSchema, resolve: Resolve): JsonSchema {
  const all = asArray(schema.allOf);
  if (all.length === 0) return schema;
  const merged: JsonSchema = { ...schema, allOf: undefined };
  for (const part of all) {
    const resolved = flatten(resolve(part), resolve);
    merged.properties = { ...record(merged.properties), ...record(resolved.properties) };
    merged.required = [...strings(merged.required), ...strings(resolved.required)];
    for (const [key, value] of Object.entries(resolved)) {
      if (!['properties', 'required'].includes(key) && merged[key] === undefined) merged[key] = value;
    }
  }
  return merged;
}

const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const;
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const;

/**
 * Whether `to` allows fewer values than `from` on this bound (a lower bound rising, an upper
 * bound falling, or one appearing).
 */
function tighter(from: unknown, to: unknown, lower: boolean): boolean {
  if (typeof to !== 'number') return false;
  if (typeof from !== 'number') return true;
  return lower ? to > from : to < from;
}

function describeValues(values: unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

/** The changes of `next` against `prev` that break a client, in the given direction. */
export function diffSchema(
  prevSchema: unknown,
  nextSchema: unknown,
  direction: Direction,
  resolve: Resolvers,
  at: string,
  seen: Set<string> = new Set(),
): SchemaChange[] {
  const prev = flatten(resolve.prev(prevSchema), resolve.prev);
  const next = flatten(resolve.next(nextSchema), resolve.next);
  // A recursive schema: the pair is already being compared further up this path.
  const key = `${direction} ${JSON.stringify(prevSchema)} ${JSON.stringify(nextSchema)}`;
  if (seen.has(key)) return [];
  seen.add(key);
  try {
    return compareFlat(prev, next, direction, resolve, at, seen);
  } finally {
    seen.delete(key);
  }
}

function compareFlat(
  prev: JsonSchema,
  next: JsonSchema,
  direction: Direction,
  resolve: Resolvers,
  at: string,
  seen: Set<string>,
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const report = (change: string, where = at) => changes.push({ at: where, change });
  // request: `next` must accept what `prev` accepted; response: `prev` must accept what `next` sends.
  const [narrower, wider] = direction === 'request' ? [next, prev] : [prev, next];
  const word = direction === 'request' ? 'no longer accepts' : 'may now send';

  // "now only …" for a request that used to take anything; "any …" for a response that used to be bounded.
  const unbounded = (what: string, only: string) =>
    report(
      direction === 'request' ? `${what}: now only ${only}` : `${what}: may now send any, not only ${only}`,
    );

  const wideTypes = typesOf(wider);
  const narrowTypes = typesOf(narrower);
  if (narrowTypes && !wideTypes) unbounded('type', [...narrowTypes].join(', '));
  if (narrowTypes && wideTypes) {
    const lost = [...wideTypes].filter((t) => !covered(t, narrowTypes));
    if (lost.length > 0) report(`type: ${word} ${lost.join(', ')}`);
  }

  const values = (schema: JsonSchema) => ('const' in schema ? [schema.const] : asArray(schema.enum));
  const wideValues = values(wider);
  const narrowValues = values(narrower);
  if (narrowValues.length > 0 && wideValues.length === 0) unbounded('values', describeValues(narrowValues));
  if (narrowValues.length > 0 && wideValues.length > 0) {
    const lost = wideValues.filter((v) => !narrowValues.includes(v));
    if (lost.length > 0) report(`values: ${word} ${describeValues(lost)}`);
  }

  for (const [bounds, lower] of [
    [LOWER_BOUNDS, true],
    [UPPER_BOUNDS, false],
  ] as const) {
    for (const bound of bounds) {
      if (tighter(wider[bound], narrower[bound], lower)) {
        report(`${bound}: ${String(prev[bound] ?? 'none')} → ${String(next[bound] ?? 'none')}`);
      }
    }
  }
  if (direction === 'request' && typeof next.pattern === 'string' && next.pattern !== prev.pattern) {
    report(`pattern: ${String(prev.pattern ?? 'none')} → ${next.pattern}`);
  }

  const prevProps = record(prev.properties);
  const nextProps = record(next.properties);
  const prevRequired = new Set(strings(prev.required));
  const nextRequired = new Set(strings(next.required));
  for (const [name, schema] of Object.entries(prevProps)) {
    const where = `${at}.${name}`;
    if (!(name in nextProps)) {
      report('removed', where);
      continue;
    }
    if (direction === 'response' && prevRequired.has(name) && !nextRequired.has(name))
      report('no longer always sent', where);
    changes.push(...diffSchema(schema, nextProps[name], direction, resolve, where, seen));
  }
  if (direction === 'request') {
    for (const name of nextRequired) {
      if (!prevRequired.has(name))
        report(name in prevProps ? 'now required' : 'new required field', `${at}.${name}`);
    }
  }

  if (prev.items !== undefined && next.items !== undefined) {
    changes.push(...diffSchema(prev.items, next.items, direction, resolve, `${at}[]`, seen));
  }

  for (const union of ['anyOf', 'oneOf'] as const) {
    const before = asArray(prev[union]);
    const after = asArray(next[union]);
    if (before.length === 0 && after.length === 0) continue;
    if (before.length === after.length) {
      before.forEach((schema, i) => {
        changes.push(...diffSchema(schema, after[i], direction, resolve, `${at}|${i}`, seen));
      });
    } else if (direction === 'request' ? after.length < before.length : after.length > before.length) {
      report(`${union}: ${before.length} → ${after.length} alternatives`);
    }
  }
  return changes;
}
