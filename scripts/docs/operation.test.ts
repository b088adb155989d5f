import { commonErrorResponses, ErrorBodySchema, meta, queryBool, queryInt } from '@cyrene/contracts';
import { type AppRouter, initContract } from '@ts-rest/core';
import { describe, expect, it } from 'vitest';
import { type ZodTypeAny, z } from 'zod';
import { ContractDocsError } from './meta';
import { generateOpenApi } from './openapi';

const c = initContract();
const ThingSchema = z.object({
  id: z.string().describe('Thing id'),
  tags: z.record(z.string(), z.unknown()),
});
const namedSchemas = new Map<ZodTypeAny, string>([
  [ThingSchema, 'Thing'],
  [ErrorBodySchema, 'ErrorBody'],
]);

const fixture = c.router(
  {
    things: {
      list: {
        method: 'GET',
        path: '/things',
        query: z.object({ limit: queryInt(20, { min: 1, max: 100 }), all: queryBool(), q: z.string() }),
        responses: { 200: z.array(ThingSchema) },
        metadata: meta({ auth: 'user' }),
      },
      upload: {
        method: 'POST',
        path: '/things/:id/file',
        contentType: 'multipart/form-data',
        body: c.type<{ file: Blob }>(),
        responses: { 201: ThingSchema },
        metadata: meta({
          auth: 'admin',
          multipart: {
            file: { kind: 'file', required: true, description: 'The file', maxBytes: 1024 },
            note: { kind: 'text', required: false, description: 'A note' },
          },
        }),
      },
      download: {
        method: 'GET',
        path: '/things/:id/download',
        responses: {
          200: c.otherResponse({ contentType: 'image/png', body: c.type<Blob>() }),
          204: c.noBody(),
        },
        metadata: meta({ auth: 'webhook' }),
      },
    },
  },
  { pathPrefix: '/api/v1', commonResponses: commonErrorResponses },
);

describe('generateOpenApi on a small contract', () => {
  const doc = generateOpenApi(fixture, { namedSchemas });
  const paths = doc.paths ?? {};

  it('emits query helpers as plain integer / boolean parameters', () => {
    expect(paths['/api/v1/things']?.get?.parameters).toEqual([
      { in: 'query', name: 'limit', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
      { in: 'query', name: 'all', schema: { type: 'boolean' } },
      { in: 'query', name: 'q', schema: { type: 'string' }, required: true },
    ]);
  });

  it('describes multipart bodies from metadata.multipart, and undeclared path params', () => {
    const op = paths['/api/v1/things/{id}/file']?.post;
    expect(op?.parameters).toEqual([{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }]);
    expect(op?.requestBody).toEqual({
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            properties: {
              file: {
                type: 'string',
                format: 'binary',
                contentMediaType: 'application/octet-stream',
                description: 'The file',
                'x-max-bytes': 1024,
              },
              note: { type: 'string', description: 'A note' },
            },
            required: ['file'],
          },
        },
      },
    });
    expect(op?.security).toEqual([{ bearerAuth: [] }]);
    expect(op?.description).toMatch(/admin_only/);
    expect(op?.responses?.['403']).toEqual({ $ref: '#/components/responses/AdminOnly' });
    expect(op?.responses?.['201']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
    });
  });

  it('gives otherResponse its media type with a binary schema, and noBody no content', () => {
    const op = paths['/api/v1/things/{id}/download']?.get;
    // A contract outside contracts/ keeps every shared status (429 too, with its headers).
    expect(op?.responses?.['200']).toMatchObject({
      description: 'OK',
      content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
      headers: { 'x-request-id': { $ref: '#/components/headers/XRequestId' } },
    });
    expect(op?.responses?.['204']).not.toHaveProperty('content');
    expect(op?.responses?.['204']).toMatchObject({ description: 'No Content' });
    expect(op?.security).toEqual([{ webhookKey: [] }]);
  });

  it('keeps descriptions and writes open records as additionalProperties: true', () => {
    expect(doc.components?.schemas?.Thing).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string', description: 'Thing id' },
        tags: { type: 'object', additionalProperties: true },
      },
      required: ['id', 'tags'],
    });
  });

  it('refuses, naming the route, what it cannot document', () => {
    const broken: AppRouter = {
      things: {
        plain: {
          method: 'GET',
          path: '/plain',
          responses: { 200: c.type<{ a: string }>() },
          metadata: meta({ auth: 'user' }),
        },
        anonymous: { method: 'GET', path: '/anonymous', responses: { 200: ThingSchema } },
      },
    };
    expect(() => generateOpenApi(broken, { namedSchemas })).toThrow(ContractDocsError);
    expect(() => generateOpenApi(broken, { namedSchemas })).toThrow(
      /GET \/plain \(things\.plain\): response 200/,
    );
    expect(() => generateOpenApi(broken, { namedSchemas })).toThrow(/GET \/anonymous .*metadata\.auth/);
  });
});
