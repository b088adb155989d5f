import { contract, routesOf } from '@cyrene/contracts';
import type { OpenAPIObject, OperationObject, ResponseObject } from 'openapi3-ts/oas31';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateOpenApi } from './openapi';
import { operationIdOf } from './operation';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

describe('responses as the gateway sends them', () => {
  let doc: OpenAPIObject;
  const byId = new Map<string, OperationObject>();
  const statuses = (id: string) => Object.keys(byId.get(id)?.responses ?? {});
  /** A response with `components.responses` references followed. */
  const response = (id: string, status: string): ResponseObject => {
    const value = byId.get(id)?.responses?.[status];
    const name = typeof value?.$ref === 'string' ? value.$ref.split('/').pop() : undefined;
    return (name ? doc.components?.responses?.[name] : value) as ResponseObject;
  };
  beforeAll(() => {
    doc = generateOpenApi(contract);
    for (const item of Object.values(doc.paths ?? {}))
      for (const m of METHODS) if (item[m]) byId.set(item[m].operationId ?? '', item[m]);
  });

  it('lists 401/403 on public routes only where the route itself declares them', () => {
    expect(statuses('health_getHealth')).toEqual(['200', '400', '500']);
    expect(statuses('auth_register')).toEqual(expect.arrayContaining(['403', '409', '429']));
    expect(statuses('auth_register')).not.toContain('401');
    expect(statuses('auth_login')).toContain('401');
    for (const [keys, route] of routesOf(contract)) {
      if ((route.metadata as { auth: string }).auth !== 'user') continue;
      expect(statuses(operationIdOf(keys))).toEqual(expect.arrayContaining(['400', '401', '403', '500']));
    }
  });

  it('lists 404 where a path names a resource, or where the route declares it', () => {
    expect(statuses('files_listFiles')).not.toContain('404');
    expect(statuses('sessions_listSessions')).not.toContain('404');
    expect(statuses('files_getFile')).toContain('404');
    expect(statuses('memory_deleteMemory')).toContain('404');
    for (const [keys, route] of routesOf(contract)) {
      if (route.path.includes(':')) expect(statuses(operationIdOf(keys)), keys.join('.')).toContain('404');
    }
  });

  it('lists 413 and 415 on routes that take a body, 429 on rate-limited ones only', () => {
    expect(statuses('files_uploadFile')).toEqual(expect.arrayContaining(['413', '415']));
    expect(statuses('sessions_getSession')).not.toContain('413');
    const limited = [...byId.keys()].filter((id) => statuses(id).includes('429'));
    expect(limited.sort()).toEqual(['auth_login', 'auth_register']);
    expect(Object.keys(response('auth_login', '429').headers ?? {})).toEqual(
      expect.arrayContaining(['Retry-After', 'RateLimit', 'RateLimit-Policy']),
    );
    expect(Object.keys(response('auth_login', '200').headers ?? {})).toEqual(
      expect.arrayContaining(['RateLimit', 'RateLimit-Policy']),
    );
  });

  it('documents x-request-id on every answer', () => {
    for (const [id, operation] of byId) {
      for (const status of Object.keys(operation.responses ?? {})) {
        expect({ id, status, headers: Object.keys(response(id, status).headers ?? {}) }).toEqual({
          id,
          status,
          headers: expect.arrayContaining(['x-request-id']),
        });
      }
    }
    for (const header of Object.values(doc.components?.headers ?? {}))
      expect(header).toHaveProperty('schema');
  });

  it('serves downloads as binary of any type with their file headers', () => {
    for (const status of ['200', '206']) {
      const answer = response('files_downloadFile', status);
      expect(answer.content).toEqual({ '*/*': { schema: { type: 'string', format: 'binary' } } });
      expect(Object.keys(answer.headers ?? {})).toEqual(
        expect.arrayContaining(['Content-Disposition', 'ETag', 'Accept-Ranges']),
      );
    }
    expect(response('files_downloadFile', '206').headers).toHaveProperty('Content-Range');
    expect(Object.keys(response('files_getFileThumbnail', '200').content ?? {})).toEqual([
      'image/jpeg',
      'image/svg+xml',
    ]);
    expect(Object.keys(response('sessions_exportSession', '200').content ?? {})).toEqual([
      'application/json',
      'text/markdown',
      'text/plain',
    ]);
    expect(response('account_exportAccount', '200').headers).toHaveProperty('Content-Disposition');
  });

  it('names every JSON answer a client holds as a component', () => {
    for (const [id, operation] of byId) {
      for (const [status, answer] of Object.entries(operation.responses ?? {})) {
        if (!status.startsWith('2') || '$ref' in answer) continue;
        for (const [type, media] of Object.entries((answer as ResponseObject).content ?? {})) {
          const schema = media.schema ?? {};
          // A JSON file download (the session export) is bytes, not a shape to name.
          if (!type.includes('json') || ('type' in schema && schema.type === 'string')) continue;
          expect({ id, status, named: '$ref' in schema }).toEqual({ id, status, named: true });
        }
      }
    }
    expect(response('reminders_createReminder', '201').content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/CreateReminderResponse',
    });
  });

  it('types multipart file fields as binary, so generators give them Blob', () => {
    const body = byId.get('files_uploadFile')?.requestBody;
    expect(body && 'content' in body ? body.content['multipart/form-data']?.schema : undefined).toMatchObject(
      {
        properties: { file: { type: 'string', format: 'binary' } },
        required: ['file'],
      },
    );
  });
});
