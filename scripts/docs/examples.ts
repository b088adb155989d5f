import type { OpenAPIObject, ResponseObject, SchemaObject } from 'openapi3-ts/oas31';
import { isJsonObject } from './json';
import { REQUEST_EXAMPLES } from './request-examples';

/*
 * Examples for every operation: the request body (request-examples.ts) and each 2xx JSON answer.
 * The spec's own answers are used where it gives them (RESPONSE_EXAMPLES); the others are built
 * from the schema, so they cannot drift from it. examples.test.ts validates all of them, and
 * Redocly's no-invalid-media-type-examples checks them again in `npm run openapi:lint`.
 */

/** 2xx answers the spec shows (gateway-api.zh.md), by operationId. */
export const RESPONSE_EXAMPLES: Readonly<Record<string, unknown>> = {
  auth_login: {
    user_id: 'admin',
    nickname: '管理员',
    token: 'eyJhbGciOiJIUzI1NiJ9.access.token',
    refresh_token: 'eyJhbGciOiJIUzI1NiJ9.refresh.token',
    expires: 1717000000,
  },
  auth_register: {
    user_id: 'user_alice',
    nickname: 'Alice',
    token: 'eyJhbGciOiJIUzI1NiJ9.access.token',
    refresh_token: 'eyJhbGciOiJIUzI1NiJ9.refresh.token',
    expires: 1717000000,
  },
  auth_refresh: {
    token: 'eyJhbGciOiJIUzI1NiJ9.access.token',
    refresh_token: 'eyJhbGciOiJIUzI1NiJ9.refresh.token',
    expires: 1717000000,
  },
  auth_getProfile: {
    user_id: 'user_alice',
    username: 'alice',
    nickname: 'Alice',
    is_admin: false,
    created_at: '2026-01-01T00:00:00Z',
  },
};

/** Sample strings by property name, so built examples read like real answers. */
const STRING_HINTS: Readonly<Record<string, string>> = {
  user_id: 'user_alice',
  session_id: 'session_a1b2c3d4e5f6',
  title: '周末计划',
  name: '产品手册',
  nickname: 'Alice',
  username: 'alice',
  content: '你好,我是 Cyrene',
  message: '操作成功',
  filename: 'photo.jpg',
  mime_type: 'image/jpeg',
  timezone: 'Asia/Shanghai',
  token: 'eyJhbGciOiJIUzI1NiJ9.access.token',
  refresh_token: 'eyJhbGciOiJIUzI1NiJ9.refresh.token',
};

const FORMATS: Readonly<Record<string, string>> = {
  'date-time': '2026-01-01T08:00:00Z',
  date: '2026-01-01',
  time: '08:00:00',
  uuid: '3f1c2a9e-8b7d-4c2e-9f10-1a2b3c4d5e6f',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  email: 'alice@example.com',
};

/** Strings tried, in order, against a `pattern`. */
const PATTERN_CANDIDATES = [
  '08:00',
  'Asia/Shanghai',
  '2026-01-01',
  '2026-01-01T08:00:00Z',
  'alice',
  '0 8 * * *',
  '#FF8800',
  'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
  'abc123',
];

type Schema = Record<string, unknown>;

function stringSample(schema: Schema, key: string | undefined): string {
  const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
  if (format) return format;
  if (typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern);
    const fit = [key ? STRING_HINTS[key] : undefined, ...PATTERN_CANDIDATES].find(
      (candidate) => candidate !== undefined && pattern.test(candidate),
    );
    if (fit !== undefined) return fit;
  }
  // Timestamps the contract types as plain strings (RFC 3339) still read as timestamps.
  const hinted = key?.endsWith('_at') ? FORMATS['date-time'] : key && STRING_HINTS[key];
  let value = hinted || (key ?? 'text');
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  while ([...value].length < min) value += 'x';
  return [...value].slice(0, max).join('');
}

/** Unix epoch milliseconds of the spec's examples, for timestamps typed as integers. */
const EPOCH_MILLIS = 1717000000000;

function numberSample(schema: Schema, key: string | undefined): number {
  const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  if ((key === 'timestamp' || key?.endsWith('_at')) && (max === undefined || max >= EPOCH_MILLIS)) {
    return EPOCH_MILLIS;
  }
  const min =
    typeof schema.minimum === 'number'
      ? schema.minimum
      : typeof schema.exclusiveMinimum === 'number'
        ? schema.exclusiveMinimum + 1
        : undefined;
  const wanted = Math.max(min ?? 1, 1);
  return max !== undefined && wanted > max ? max : wanted;
}

/** A value that `schema` accepts, built from its keywords; `refs` resolves `$ref`s. */
export function sampleOf(
  schema: unknown,
  resolve: (ref: string) => unknown,
  key?: string,
  depth = 0,
): unknown {
  if (!isJsonObject(schema)) return {};
  if (typeof schema.$ref === 'string') return sampleOf(resolve(schema.$ref), resolve, key, depth + 1);
  if (depth > 12) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ('default' in schema && schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const options = [schema.oneOf, schema.anyOf].find(Array.isArray) as unknown[] | undefined;
  if (options) {
    const nonNull = options.find((o) => !(isJsonObject(o) && o.type === 'null')) ?? options[0];
    return sampleOf(nonNull, resolve, key, depth + 1);
  }
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((part) => sampleOf(part, resolve, key, depth + 1));
    return parts.every(isJsonObject) ? Object.assign({}, ...parts) : parts[0];
  }
  const types = [schema.type].flat().filter((t) => t !== 'null');
  const type = types[0] ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const properties = isJsonObject(schema.properties) ? schema.properties : {};
      return Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [
          name,
          sampleOf(property, resolve, name, depth + 1),
        ]),
      );
    }
    case 'array': {
      const count = Math.max(typeof schema.minItems === 'number' ? schema.minItems : 1, 1);
      const limit = typeof schema.maxItems === 'number' ? schema.maxItems : count;
      return Array.from({ length: Math.min(count, limit) }, () =>
        sampleOf(schema.items, resolve, key, depth + 1),
      );
    }
    case 'string':
      return stringSample(schema, key);
    case 'integer':
    case 'number':
      return numberSample(schema, key);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return types.length === 0 && schema.type === 'null' ? null : {};
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Sets the request and 2xx examples of every operation of `doc`, in place. */
export function addExamples(doc: OpenAPIObject): void {
  const resolve = (ref: string): unknown =>
    ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, part) => (isJsonObject(node) ? node[part] : undefined), doc);
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation?.operationId) continue;
      const id = operation.operationId;
      const body = operation.requestBody;
      const request = REQUEST_EXAMPLES[id];
      const bodyObject = body && ('$ref' in body ? resolve(body.$ref) : body);
      if (request !== undefined && isJsonObject(bodyObject) && isJsonObject(bodyObject.content)) {
        for (const [mediaType, media] of Object.entries(bodyObject.content)) {
          if (mediaType.includes('json') && isJsonObject(media)) media.example = request;
        }
      }
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (!status.startsWith('2') || '$ref' in response) continue;
        for (const [mediaType, media] of Object.entries((response as ResponseObject).content ?? {})) {
          if (!mediaType.includes('json') || !media.schema) continue;
          media.example = RESPONSE_EXAMPLES[id] ?? sampleOf(media.schema as SchemaObject, resolve);
        }
      }
    }
  }
}
