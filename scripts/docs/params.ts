import { type ZodTypeAny, z } from 'zod';
import { defOf, isZod, typeNameOf } from './zod-walk';

/*
 * Query strings, path segments and headers arrive as strings, so the contract parses them with
 * unions, pipes and transforms (common/query.ts). A reader wants the *meaning*: "an integer,
 * 1-100, default 20". These helpers rebuild each parameter schema from the typed side of those
 * constructions, keeping optional/default/description, so zod-openapi emits plain primitives.
 */

const TYPED_OPTIONS = new Set(['ZodNumber', 'ZodBoolean', 'ZodBigInt', 'ZodDate']);

function withDescription(result: ZodTypeAny, source: ZodTypeAny): ZodTypeAny {
  const description = source.description;
  return description && result.description !== description ? result.describe(description) : result;
}

function typedOption(union: ZodTypeAny): ZodTypeAny | undefined {
  const options = defOf(union).options;
  if (!Array.isArray(options)) return undefined;
  return options.filter(isZod).find((option) => TYPED_OPTIONS.has(typeNameOf(option)));
}

/** The schema a parameter should be documented with. */
export function paramSchema(schema: ZodTypeAny): ZodTypeAny {
  const def = defOf(schema);
  switch (typeNameOf(schema)) {
    case 'ZodOptional':
      return withDescription(paramSchema(def.innerType as ZodTypeAny).optional(), schema);
    case 'ZodNullable':
      return withDescription(paramSchema(def.innerType as ZodTypeAny).nullable(), schema);
    case 'ZodDefault': {
      const fallback = (def.defaultValue as () => unknown)();
      return withDescription(paramSchema(def.innerType as ZodTypeAny).default(fallback), schema);
    }
    case 'ZodPipeline':
      // The output side carries the type and the bounds; the input side is the raw string.
      return withDescription(paramSchema(def.out as ZodTypeAny), schema);
    case 'ZodEffects': {
      const inner = def.schema as ZodTypeAny;
      const effect = def.effect as { type: string };
      const typed = effect.type === 'transform' ? typedOption(inner) : undefined;
      return withDescription(typed ?? paramSchema(inner), schema);
    }
    case 'ZodUnion':
      return withDescription(typedOption(schema) ?? schema, schema);
    default:
      return schema;
  }
}

/** The object a route's `query` / `pathParams` / `headers` declares, or undefined. */
export function paramObject(value: unknown): z.AnyZodObject | undefined {
  let schema: unknown = value;
  while (isZod(schema) && !(schema instanceof z.ZodObject)) {
    const def = defOf(schema);
    const inner = def.schema ?? def.innerType ?? def.in;
    if (!isZod(inner)) return undefined;
    schema = inner;
  }
  return schema instanceof z.ZodObject ? schema : undefined;
}

/** A plain object schema with every parameter rebuilt by `paramSchema`. */
export function paramsForDocs(value: unknown): z.AnyZodObject | undefined {
  const object = paramObject(value);
  if (!object) return undefined;
  const shape: Record<string, ZodTypeAny> = {};
  for (const [name, field] of Object.entries(object.shape as Record<string, ZodTypeAny>)) {
    shape[name] = paramSchema(field);
  }
  return Object.keys(shape).length > 0 ? z.object(shape) : undefined;
}
