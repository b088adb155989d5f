import { contract, routesOf, WS_PATHS } from '@cyrene/contracts';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { OpenAPIObject } from 'openapi3-ts/oas31';
import { beforeAll, describe, expect, it } from 'vitest';
import { isJsonObject, walkJson } from './json';
import { generateOpenApi } from './openapi';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const SCHEMA_KEYS = ['items', 'additionalProperties', 'not', 'contains', 'if', 'then', 'else'];

/** Pointers of every `{}` in schema position under `schema`. */
function emptySchemas(schema: unknown, at: string, found: string[] = []): string[] {
  if (!isJsonObject(schema)) return found;
  if (Object.keys(schema).length === 0) found.push(at);
  for (const key of SCHEMA_KEYS) emptySchemas(schema[key], `${at}/${key}`, found);
  for (const key of SCHEMA_LISTS) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    for (const [i, s] of list.entries()) emptySchemas(s, `${at}/${key}/${i}`, found);
  }
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  for (const [name, s] of Object.entries(properties)) emptySchemas(s, `${at}/properties/${name}`, found);
  return found;
}

function resolve(doc: unknown, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, key) => (isJsonObject(node) ? node[key] : undefined), doc);
}

/** Integer schemas under `schema` (following $refs once each) that lack a lower or an upper bound. */
function unboundedIntegers(doc: unknown, schema: unknown, at: string, seen = new Set<string>()): string[] {
  if (!isJsonObject(schema)) return [];
  if (typeof schema.$ref === 'string') {
    if (seen.has(schema.$ref)) return [];
    seen.add(schema.$ref);
    return unboundedIntegers(doc, resolve(doc, schema.$ref), `${at}>${schema.$ref.split('/').pop()}`, seen);
  }
  const types = [schema.type].flat();
  const bounded =
    schema.maximum !== undefined && (schema.minimum !== undefined || schema.exclusiveMinimum !== undefined);
  const own = types.includes('integer') && schema.const === undefined && !bounded ? [at] : [];
  const children = [
    ...Object.entries(isJsonObject(schema.properties) ? schema.properties : {}).map(
      ([k, v]) => [`${at}.${k}`, v] as const,
    ),
    ...SCHEMA_KEYS.map((k) => [`${at}[${k}]`, schema[k]] as const),
    ...SCHEMA_LISTS.flatMap((k) =>
      (Array.isArray(schema[k]) ? schema[k] : []).map((v: unknown) => [at, v] as const),
    ),
  ];
  return [...own, ...children.flatMap(([where, child]) => unboundedIntegers(doc, child, where, seen))];
}

describe('generateOpenApi(contract)', () => {
  let doc: OpenAPIObject;
  const operations = () =>
    Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      METHODS.flatMap((m) => (item[m] ? [{ path, method: m, op: item[m] }] : [])),
    );
  beforeAll(() => {
    doc = generateOpenApi(contract);
  });

  it('is a valid OpenAPI 3.1 document carrying the generated marker', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(doc)));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(doc.openapi).toBe('3.1.0');
    expect(doc['x-generated']).toMatch(/do not edit/);
  });

  it('documents every contract route under its domain tag with a unique operationId', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set(doc.tags?.map((t) => t.name));
    for (const [keys, route] of routesOf(contract)) {
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const op = doc.paths?.[path]?.[route.method.toLowerCase() as (typeof METHODS)[number]];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(op?.operationId).toBe(keys.join('_'));
      expect(tags.has(op?.tags?.[0] ?? '')).toBe(true);
    }
  });

  it('gives every operation a response with content', () => {
    for (const { path, method, op } of operations()) {
      const responses = Object.values(op.responses ?? {}).map((r) =>
        isJsonObject(r) && typeof r.$ref === 'string' ? resolve(doc, r.$ref) : r,
      );
      const withContent = responses.filter((r) => isJsonObject(r) && isJsonObject(r.content));
      expect(withContent.length, `${method} ${path}`).toBeGreaterThan(0);
    }
  });

  it('has no empty schema in bodies, parameters, responses or components', () => {
    const found: string[] = [];
    walkJson(doc.paths, (value, at) => {
      if (isJsonObject(value) && 'schema' in value) emptySchemas(value.schema, `/paths${at}/schema`, found);
    });
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
      emptySchemas(schema, `/components/schemas/${name}`, found);
    }
    expect(found).toEqual([]);
  });

  it('bounds every integer a request carries, so none reaches the database out of range', () => {
    const found = operations().flatMap(({ op }) => [
      ...(op.parameters ?? []).flatMap((p) =>
        isJsonObject(p) && 'schema' in p
          ? unboundedIntegers(doc, p.schema, `${op.operationId}:${p.in}:${p.name}`)
          : [],
      ),
      ...Object.values((isJsonObject(op.requestBody) && op.requestBody.content) || {}).flatMap((media) =>
        unboundedIntegers(doc, media.schema, `${op.operationId}:body`),
      ),
    ]);
    expect(found).toEqual([]);
  });

  it('resolves every $ref', () => {
    const broken: string[] = [];
    walkJson(doc, (value, at) => {
      if (isJsonObject(value) && typeof value.$ref === 'string' && resolve(doc, value.$ref) === undefined) {
        broken.push(`${at} → ${value.$ref}`);
      }
    });
    expect(broken).toEqual([]);
  });

  it('names shared schemas as components and secures routes by their metadata.auth', () => {
    expect(doc.components?.schemas?.ErrorBody).toBeDefined();
    expect(doc.components?.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components?.securitySchemes?.webhookKey).toMatchObject({
      in: 'header',
      name: 'X-Webhook-Key',
    });
    for (const [keys, route] of routesOf(contract)) {
      const { auth } = route.metadata as { auth: string };
      const id = keys.join('_');
      const op = operations().find((o) => o.op.operationId === id)?.op;
      const expected = { public: undefined, user: 'bearerAuth', admin: 'bearerAuth', webhook: 'webhookKey' }[
        auth
      ];
      expect(Object.keys(op?.security?.[0] ?? {})[0], id).toBe(expected);
      // Public routes say "no credentials" with an empty list rather than leaving it unsaid.
      if (auth === 'public') expect(op?.security, id).toEqual([]);
      if (auth === 'admin') expect(op?.description, id).toMatch(/admin_only/);
    }
  });

  it('leaves the WebSocket to the AsyncAPI document and links it by an absolute URL', () => {
    for (const path of WS_PATHS) expect(doc.paths?.[path], path).toBeUndefined();
    expect(new URL(doc.externalDocs?.url ?? '').pathname).toBe('/api/v1/asyncapi.json');
    expect(doc.info.description).toContain('/api/v1/asyncapi.json');
  });

  it('serves from the relative root and names its license and contact', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.info.license).toMatchObject({ name: 'MIT', identifier: 'MIT' });
    expect(doc.info.contact?.name).toBeTruthy();
  });
});
