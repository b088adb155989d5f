import { ZodLazy, ZodObject, ZodType, type ZodTypeAny } from 'zod';

/*
 * Small, generic walks over zod 3 schemas. They look only at `_def`, so they keep working for
 * whatever schema kinds the contract authors reach for.
 */

type Def = Record<string, unknown>;

export function isZod(value: unknown): value is ZodTypeAny {
  return value instanceof ZodType;
}

export function defOf(schema: ZodTypeAny): Def {
  return schema._def as unknown as Def;
}

export function typeNameOf(schema: ZodTypeAny): string {
  const name = defOf(schema).typeName;
  return typeof name === 'string' ? name : 'unknown';
}

/** The schemas directly inside `schema` (object properties, union options, wrapped types…). */
export function childrenOf(schema: ZodTypeAny): ZodTypeAny[] {
  if (schema instanceof ZodObject) {
    const shape = schema.shape as Record<string, unknown>;
    return [...Object.values(shape), defOf(schema).catchall].filter(isZod);
  }
  if (schema instanceof ZodLazy) return [schema.schema as ZodTypeAny];
  const out: ZodTypeAny[] = [];
  for (const value of Object.values(defOf(schema))) {
    if (isZod(value)) out.push(value);
    else if (Array.isArray(value)) out.push(...value.filter(isZod));
  }
  return out;
}

/** Calls `visit` once for `root` and for every schema reachable from it (cycles are safe). */
export function walkZod(root: ZodTypeAny, visit: (schema: ZodTypeAny) => void): void {
  const seen = new Set<ZodTypeAny>();
  const stack: ZodTypeAny[] = [root];
  while (stack.length > 0) {
    const schema = stack.pop()!;
    if (seen.has(schema)) continue;
    seen.add(schema);
    visit(schema);
    stack.push(...childrenOf(schema));
  }
}

/** Every schema reachable from `roots`, the roots included. */
export function reachable(roots: Iterable<ZodTypeAny>): Set<ZodTypeAny> {
  const all = new Set<ZodTypeAny>();
  for (const root of roots) walkZod(root, (s) => all.add(s));
  return all;
}

/**
 * True when the schema reads differently as a request and as a response
 * (transform, preprocess, pipe, default, catch): zod-openapi refuses to register such a
 * schema as one component when it is used both ways.
 */
export function hasEffects(root: ZodTypeAny): boolean {
  let found = false;
  walkZod(root, (schema) => {
    const name = typeNameOf(schema);
    if (name === 'ZodPipeline' || name === 'ZodDefault' || name === 'ZodCatch') found = true;
    if (name === 'ZodEffects') {
      const effect = defOf(schema).effect as { type?: string } | undefined;
      if (effect?.type !== 'refinement') found = true;
    }
  });
  return found;
}

/**
 * zod-openapi@4 reads descriptions from `_def.zodOpenApi.openapi.description`, which only a
 * patched `.describe()` (extendZodWithOpenApi) fills, and only for schemas created after the
 * patch. The contracts must not depend on that import order, so the generator copies each
 * `.describe()` text there itself. Idempotent; zod ignores the field when parsing.
 */
export function exposeDescriptions(root: ZodTypeAny): void {
  walkZod(root, (schema) => {
    const def = defOf(schema);
    const description = def.description;
    if (typeof description !== 'string') return;
    const current = def.zodOpenApi as { openapi?: Record<string, unknown> } | undefined;
    if (current?.openapi?.description === description) return;
    def.zodOpenApi = { ...current, openapi: { ...current?.openapi, description } };
  });
}
