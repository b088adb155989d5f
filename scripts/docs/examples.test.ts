import { contract } from '@cyrene/contracts';
import Ajv2020 from 'ajv/dist/2020';
import type { OpenAPIObject } from 'openapi3-ts/oas31';
import { beforeAll, describe, expect, it } from 'vitest';
import { isJsonObject, walkJson } from './json';
import { generateOpenApi } from './openapi';

const DOC_ID = 'https://cyrene.invalid/openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Pointer of every media object holding a JSON schema: its `example` is checked against it. */
function jsonMedia(doc: OpenAPIObject): { pointer: string; example: unknown; hasExample: boolean }[] {
  const found: { pointer: string; example: unknown; hasExample: boolean }[] = [];
  walkJson(doc, (value, pointer) => {
    if (!isJsonObject(value) || !isJsonObject(value.content)) return;
    if (!/\/(requestBody|requestBodies\/[^/]+|responses\/2\d\d)$/.test(pointer)) return;
    for (const [mediaType, media] of Object.entries(value.content)) {
      if (!mediaType.includes('json') || !isJsonObject(media) || !media.schema) continue;
      const at = `${pointer}/content/${mediaType.replace('/', '~1')}`;
      found.push({ pointer: at, example: media.example, hasExample: 'example' in media });
    }
  });
  return found;
}

describe('examples in the generated document', () => {
  let doc: OpenAPIObject;
  beforeAll(() => {
    doc = generateOpenApi(contract);
  });

  it('give every JSON request body and every 2xx JSON answer an example', () => {
    const media = jsonMedia(doc);
    expect(media.length).toBeGreaterThan(100);
    expect(media.filter((m) => !m.hasExample).map((m) => m.pointer)).toEqual([]);
  });

  it('give every operation a 2xx answer with an example, or a non-JSON body', () => {
    for (const item of Object.values(doc.paths ?? {})) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const success = Object.entries(operation.responses ?? {}).filter(([status]) =>
          status.startsWith('2'),
        );
        const described = success.some(([, response]) =>
          Object.entries(response.content ?? {}).some(
            ([type, media]) =>
              !type.includes('json') || (media as { example?: unknown }).example !== undefined,
          ),
        );
        expect({ id: operation.operationId, described }).toEqual({
          id: operation.operationId,
          described: true,
        });
      }
    }
  });

  it('match their schemas', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema({ ...doc, $id: DOC_ID });
    for (const { pointer, example } of jsonMedia(doc)) {
      const validate = ajv.getSchema(`${DOC_ID}#${pointer}/schema`);
      if (!validate) throw new Error(`no schema at ${pointer}`);
      validate(example);
      expect({ pointer, errors: validate.errors ?? null }).toEqual({ pointer, errors: null });
    }
  });

  it('show the login answer the spec shows, not placeholder strings', () => {
    const login = doc.paths?.['/api/v1/auth/login']?.post;
    const ok = login?.responses?.['200']?.content?.['application/json']?.example;
    expect(ok).toMatchObject({ user_id: 'admin', expires: 1717000000 });
    const body = doc.components?.requestBodies?.LoginBody;
    expect(body && 'content' in body ? body.content['application/json']?.example : undefined).toEqual({
      username: 'admin',
      password: 'change-me',
    });
  });
});
