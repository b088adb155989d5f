import { contract, RemindAtInputSchema } from '@cyrene/contracts';
import Ajv2020 from 'ajv/dist/2020';
import type { OpenAPIObject, SchemaObject } from 'openapi3-ts/oas31';
import { beforeAll, describe, expect, it } from 'vitest';
import { isJsonObject, pointerSegment, walkJson } from './json';
import { generateOpenApi } from './openapi';
import { REQUEST_EXAMPLES } from './request-examples';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const DOC_ID = 'https://cyrene.invalid/openapi.json';

interface JsonBody {
  operationId: string;
  /** JSON pointer of the body's schema inside the document. */
  pointer: string;
  schema: unknown;
}

/** Every operation's JSON request body, following a `components.requestBodies` reference. */
function jsonBodies(doc: OpenAPIObject): JsonBody[] {
  const bodies: JsonBody[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      const body = operation?.requestBody;
      if (!operation?.operationId || !body) continue;
      const [base, resolved] =
        '$ref' in body
          ? [body.$ref.slice(1), doc.components?.requestBodies?.[body.$ref.split('/').pop() ?? '']]
          : [`/paths/${pointerSegment(path)}/${method}/requestBody`, body];
      if (!resolved || '$ref' in resolved) throw new Error(`${operation.operationId}: unresolved body`);
      for (const [mediaType, media] of Object.entries(resolved.content)) {
        if (!mediaType.includes('json')) continue;
        const pointer = `${base}/content/${pointerSegment(mediaType)}/schema`;
        bodies.push({ operationId: operation.operationId, pointer, schema: media.schema });
      }
    }
  }
  return bodies;
}

/** Names of the `components.schemas` a schema reaches through `$ref`s. */
function componentsReached(doc: OpenAPIObject, root: unknown): Set<string> {
  const names = new Set<string>();
  const queue = [root];
  while (queue.length > 0) {
    walkJson(queue.pop(), (value) => {
      if (!isJsonObject(value) || typeof value.$ref !== 'string') return;
      const name = value.$ref.replace('#/components/schemas/', '');
      if (names.has(name)) return;
      names.add(name);
      queue.push(doc.components?.schemas?.[name]);
    });
  }
  return names;
}

describe('request bodies in the generated document', () => {
  let doc: OpenAPIObject;
  let bodies: JsonBody[];
  beforeAll(() => {
    doc = generateOpenApi(contract);
    bodies = jsonBodies(doc);
  });

  it('accept the smallest body of each operation (the spec examples, defaulted fields left out)', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema({ ...doc, $id: DOC_ID });
    expect(bodies.map((b) => b.operationId).sort()).toEqual(Object.keys(REQUEST_EXAMPLES).sort());
    for (const { operationId, pointer } of bodies) {
      const validate = ajv.getSchema(`${DOC_ID}#${pointer}`);
      if (!validate) throw new Error(`${operationId}: no schema at ${pointer}`);
      validate(REQUEST_EXAMPLES[operationId]);
      expect({ operationId, errors: validate.errors ?? null }).toEqual({ operationId, errors: null });
    }
  });

  it('state defaults only where generators read them as "the server fills this in"', () => {
    // A default inside components.schemas makes openapi-typescript require the field.
    for (const { operationId, schema } of bodies) {
      for (const name of componentsReached(doc, schema)) {
        let stated = false;
        walkJson(doc.components?.schemas?.[name], (value) => {
          if (isJsonObject(value) && 'default' in value) stated = true;
        });
        expect({ operationId, name, stated }).toEqual({ operationId, name, stated: false });
      }
    }
  });

  it('state what remind_at really accepts: a time with or without an offset, as zod checks it', () => {
    const schema = doc.components?.schemas?.RemindAtInput as SchemaObject | undefined;
    expect(schema?.format).toBeUndefined();
    const pattern = new RegExp(schema?.pattern ?? '^$');
    for (const value of [
      '2024-01-01T15:00:00Z',
      '2024-01-01T15:00',
      '2024-01-01T15:00:00+08:00',
      'tomorrow',
      '2024-13-01T15:00',
    ]) {
      expect({ value, documented: pattern.test(value) }).toEqual({
        value,
        documented: RemindAtInputSchema.safeParse(value).success,
      });
    }
    expect(pattern.test('2024-01-01T15:00')).toBe(true);
  });

  it('leave every field with a default out of `required`', () => {
    const createSession = bodies.find((b) => b.operationId === 'sessions_createSession');
    expect(createSession?.schema).toMatchObject({
      properties: { is_main: { default: false }, title: { default: '新的对话' } },
    });
    for (const { operationId, schema } of bodies) {
      walkJson(schema, (value, at) => {
        if (!isJsonObject(value) || !isJsonObject(value.properties)) return;
        const required = Array.isArray(value.required) ? value.required : [];
        const defaulted = Object.entries(value.properties)
          .filter(([, p]) => isJsonObject(p) && 'default' in p)
          .map(([name]) => name);
        expect({ operationId, at, both: defaulted.filter((n) => required.includes(n)) }).toEqual({
          operationId,
          at,
          both: [],
        });
      });
    }
  });
});
