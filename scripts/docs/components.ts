import type { ZodTypeAny } from 'zod';
import { hasEffects, isZod, reachable } from './zod-walk';

/** Schema instance → component name. */
export type NamedSchemas = ReadonlyMap<ZodTypeAny, string>;

/**
 * Every exported `<Name>Schema` of a module, keyed by instance, named `<Name>`.
 * Two exports of one instance: the first name in alphabetical order wins.
 */
export function namedSchemasOf(
  exports: Readonly<Record<string, unknown>>,
  warn: (message: string) => void = () => {},
): Map<ZodTypeAny, string> {
  const named = new Map<ZodTypeAny, string>();
  for (const key of Object.keys(exports).sort()) {
    const value = exports[key];
    if (!key.endsWith('Schema') || key === 'Schema' || !isZod(value)) continue;
    const name = key.slice(0, -'Schema'.length);
    const existing = named.get(value);
    if (existing) warn(`${key} is the same schema as ${existing}Schema; documented as ${existing}`);
    else named.set(value, name);
  }
  return named;
}

export interface SchemaUse {
  bodies: readonly ZodTypeAny[];
  /** Query, path and header parameters (as documented, see params.ts). */
  params: readonly ZodTypeAny[];
  responses: readonly ZodTypeAny[];
}

/**
 * The named schemas to register as components: those reachable from a body or a response.
 * A schema that reads differently as input and output (defaults, transforms) and is used both
 * ways stays inline, where zod-openapi can render each side; `warn` says so.
 */
export function selectComponents(
  named: NamedSchemas,
  use: SchemaUse,
  warn: (message: string) => void = () => {},
): Record<string, ZodTypeAny> {
  const inBodies = reachable(use.bodies);
  const inParams = reachable(use.params);
  const inOutput = reachable(use.responses);
  const selected: Record<string, ZodTypeAny> = {};
  const entries = [...named].sort(([, a], [, b]) => a.localeCompare(b));
  for (const [schema, name] of entries) {
    const asBody = inBodies.has(schema);
    const asInput = asBody || inParams.has(schema);
    const asOutput = inOutput.has(schema);
    if (!asBody && !asOutput) continue;
    if (asInput && asOutput && hasEffects(schema)) {
      warn(`${name}Schema is used in requests and responses and has defaults/transforms: inlined`);
      continue;
    }
    selected[name] = schema;
  }
  return selected;
}
