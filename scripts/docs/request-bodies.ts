import type { OpenAPIObject, RequestBodyObject, SchemaObject } from 'openapi3-ts/oas31';
import { isJsonObject, walkJson } from './json';

/*
 * zod-openapi renders a request body from zod's input side: a field with a default is left out of
 * `required` and keeps its `default`. Generators read `default` differently by place, though:
 * openapi-typescript (defaultNonNullable, on by default) makes a property with a default
 * *required* when it sits in `components.schemas`, and optional under `requestBodies` or
 * `parameters`, where a default is what the server fills in. So each JSON request body becomes a
 * named `components.requestBodies` entry, and the input shapes it uses that state a default are
 * written out inside it instead of referring to `components.schemas`. Shapes without defaults
 * (enums, ids) stay shared components.
 */

const SCHEMA_REF = '#/components/schemas/';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Whether a schema (following `$ref`s into `schemas`) states a `default` anywhere inside. */
function statesDefault(
  schema: unknown,
  schemas: Record<string, SchemaObject>,
  seen = new Set<string>(),
): boolean {
  let found = false;
  walkJson(schema, (value) => {
    if (found || !isJsonObject(value)) return;
    if ('default' in value) found = true;
    else if (typeof value.$ref === 'string' && value.$ref.startsWith(SCHEMA_REF)) {
      const name = value.$ref.slice(SCHEMA_REF.length);
      if (seen.has(name)) return;
      seen.add(name);
      found = statesDefault(schemas[name], schemas, seen);
    }
  });
  return found;
}

/** `schema` with every reference to a component that states a default replaced by its content. */
function inlineDefaults(
  schema: unknown,
  schemas: Record<string, SchemaObject>,
  stack: readonly string[] = [],
): unknown {
  if (Array.isArray(schema)) return schema.map((item) => inlineDefaults(item, schemas, stack));
  if (!isJsonObject(schema)) return schema;
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith(SCHEMA_REF)) {
    const name = ref.slice(SCHEMA_REF.length);
    const target = schemas[name];
    // A recursive shape keeps its reference: it cannot be written out.
    if (target && !stack.includes(name) && statesDefault(target, schemas)) {
      const { $ref: _ref, ...siblings } = schema;
      const inlined = inlineDefaults(target, schemas, [...stack, name]) as Record<string, unknown>;
      return { title: name, ...inlined, ...siblings };
    }
    return schema;
  }
  const result = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, inlineDefaults(value, schemas, stack)]),
  );
  // A discriminator maps to named schemas; once its options are written out, the `type`
  // constants inside them are what tells them apart.
  const options = Array.isArray(result.oneOf) ? result.oneOf : [];
  if (result.discriminator && options.some((option) => !isJsonObject(option) || !('$ref' in option))) {
    delete result.discriminator;
  }
  return result;
}

/**
 * Moves every JSON request body that refers to a named schema into `components.requestBodies`
 * under that name (see above). Returns the request bodies; `doc.paths` is changed in place.
 */
export function namedRequestBodies(doc: OpenAPIObject): Record<string, RequestBodyObject> {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, SchemaObject>;
  const bodies: Record<string, RequestBodyObject> = {};
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      const body = operation?.requestBody;
      if (!operation || !body || '$ref' in body) continue;
      const entries = Object.entries(body.content);
      const [mediaType, media] = entries[0] ?? [];
      const ref = media?.schema && '$ref' in media.schema ? media.schema.$ref : undefined;
      if (entries.length !== 1 || !media || !mediaType?.includes('json') || !ref?.startsWith(SCHEMA_REF))
        continue;
      const name = ref.slice(SCHEMA_REF.length);
      const schema = inlineDefaults(media.schema, schemas) as SchemaObject;
      bodies[name] = { ...body, content: { [mediaType]: { ...media, schema } } };
      operation.requestBody = { $ref: `#/components/requestBodies/${name}` };
    }
  }
  return Object.fromEntries(Object.entries(bodies).sort(([a], [b]) => a.localeCompare(b)));
}
