/** The part of JSON Schema (as the generated OpenAPI 3.1 document writes it) the fuzzer reads. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  default?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  discriminator?: { propertyName: string };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas: Record<string, JsonSchema>;
    /** Named JSON request bodies (`CreateReminderBody`), referred to by operations. */
    requestBodies?: Record<string, { content: Record<string, { schema: JsonSchema }> }>;
  };
}

/** Follows `#/components/schemas/X` references until a schema of substance. */
export function resolve(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  let s = schema;
  while (s.$ref) {
    const name = s.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`unresolvable $ref ${s.$ref}`);
    s = target;
  }
  return s;
}

function sampleString(s: JsonSchema): string {
  const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
  if (s.format === 'date-time') return inAnHour;
  // A time documented by its pattern (remind_at accepts one with or without an offset).
  if (s.pattern && new RegExp(s.pattern).test(inAnHour)) return inAnHour;
  if (s.format === 'uri') return 'https://example.com/fuzz';
  if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (s.pattern === '^\\d{2}:\\d{2}$' || s.pattern?.includes(':')) return '08:00';
  const base = 'fuzz';
  const min = s.minLength ?? 0;
  return base.length >= min ? base.slice(0, s.maxLength ?? base.length) : base.padEnd(min, 'z');
}

/**
 * A value the schema accepts, as plainly as possible (first enum value, first union member,
 * required properties only): the fuzzer's starting point, which it then breaks.
 */
export function sampleValue(doc: OpenApiDocument, schema: JsonSchema, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (depth > 8) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const union = s.oneOf ?? s.anyOf;
  if (union?.[0]) return sampleValue(doc, union[0], depth + 1);
  if (s.allOf) {
    return Object.assign({}, ...s.allOf.map((part) => sampleValue(doc, part, depth + 1) as object));
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(
        (s.required ?? []).map((key) => [key, sampleValue(doc, s.properties?.[key] ?? {}, depth + 1)]),
      );
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sampleValue(doc, s.items ?? {}, depth + 1));
    case 'string':
      return sampleString(s);
    case 'integer':
    case 'number':
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    default:
      return 'fuzz';
  }
}

/** The JSON schema of a named request body (`components.requestBodies.<name>`). */
export function requestBodySchema(doc: OpenApiDocument, name: string): JsonSchema {
  const schema = doc.components.requestBodies?.[name]?.content['application/json']?.schema;
  if (!schema) throw new Error(`no JSON request body ${name}`);
  return schema;
}
