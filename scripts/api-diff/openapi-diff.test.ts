import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { breakingChanges } from './openapi-diff';
import { allowsBreaking, parseVersion } from './versions';

/* The first release, changed the ways a contract edit would change it. */
type Obj = Record<string, unknown>;
type Doc = Obj;
const released = (): Doc =>
  JSON.parse(readFileSync(new URL('../../docs/releases/openapi-0.1.0.json', import.meta.url), 'utf8')) as Doc;

/** The object at `path` in a parsed document (the fixtures know the document's shape). */
const at = (root: unknown, ...path: (string | number)[]): Obj =>
  path.reduce<unknown>((node, key) => (node as Obj)[key], root) as Obj;
const schema = (doc: Doc, name: string) => at(doc, 'components', 'schemas', name);
const props = (doc: Doc, name: string) => at(schema(doc, name), 'properties');
const params = (doc: Doc, path: string, method: string) =>
  at(doc, 'paths', path, method, 'parameters') as unknown as Obj[];
const dropRequired = (target: Obj, name: string) => {
  target.required = (target.required as string[]).filter((n) => n !== name);
};

const edited = (edit: (doc: Doc) => void): Doc => {
  const doc = released();
  edit(doc);
  return doc;
};

describe('breakingChanges', () => {
  it('finds nothing between a release and itself', () => {
    expect(breakingChanges(released(), released())).toEqual([]);
  });

  it('finds a removed route', () => {
    const next = edited((doc) => {
      delete at(doc, 'paths', '/api/v1/profile').get;
    });
    expect(breakingChanges(released(), next)).toEqual([
      { operation: 'GET /api/v1/profile', at: 'route', change: 'removed' },
    ]);
  });

  it('finds a removed response field, wherever the schema is used', () => {
    const next = edited((doc) => {
      delete props(doc, 'Session').title;
      dropRequired(schema(doc, 'Session'), 'title');
    });
    const changes = breakingChanges(released(), next);
    expect(changes).toContainEqual({
      operation: 'GET /api/v1/sessions/{id}',
      at: 'response 200 body.title',
      change: 'removed',
    });
    expect(changes).toContainEqual({
      operation: 'GET /api/v1/sessions',
      at: 'response 200 body.sessions[].title',
      change: 'removed',
    });
    expect(changes.every((c) => c.change === 'removed' && c.at.endsWith('.title'))).toBe(true);
  });

  it('does not count an added optional field, in a request or a response', () => {
    const next = edited((doc) => {
      props(doc, 'CreateSessionBody').color = { type: 'string' };
      props(doc, 'Session').color = { type: 'string' };
      params(doc, '/api/v1/sessions', 'get').push({
        in: 'query',
        name: 'color',
        schema: { type: 'string' },
      });
    });
    expect(breakingChanges(released(), next)).toEqual([]);
  });

  it('finds narrowed request types and new requirements', () => {
    const next = edited((doc) => {
      at(props(doc, 'LoginBody'), 'password').maxLength = 100;
      schema(doc, 'CreateSessionBody').required = ['title'];
      at(params(doc, '/api/v1/sessions/{id}/export', 'get'), 1, 'schema').enum = ['json', 'markdown'];
      params(doc, '/api/v1/sessions', 'get').push({
        in: 'query',
        name: 'color',
        required: true,
        schema: { type: 'string' },
      });
    });
    const changes = breakingChanges(released(), next);
    expect(changes).toContainEqual({
      operation: 'POST /api/v1/auth/login',
      at: 'request application/json body.password',
      change: 'maxLength: 1024 → 100',
    });
    expect(changes).toContainEqual({
      operation: 'POST /api/v1/sessions',
      at: 'request application/json body.title',
      change: 'now required',
    });
    expect(changes).toContainEqual({
      operation: 'GET /api/v1/sessions/{id}/export',
      at: 'query param format value',
      change: 'values: no longer accepts "txt"',
    });
    expect(changes).toContainEqual({
      operation: 'GET /api/v1/sessions',
      at: 'query param color',
      change: 'new required parameter',
    });
  });

  it('finds responses that may now send what clients never saw', () => {
    const next = edited((doc) => {
      (schema(doc, 'MessageRole').enum as string[]).push('tool');
      props(doc, 'Session').is_main = { type: ['boolean', 'null'] };
      dropRequired(schema(doc, 'Session'), 'user_id');
    });
    const changes = breakingChanges(released(), next);
    expect(changes).toContainEqual({
      operation: 'GET /api/v1/sessions/{id}',
      at: 'response 200 body.is_main',
      change: 'type: may now send null',
    });
    expect(changes).toContainEqual({
      operation: 'GET /api/v1/sessions/{id}',
      at: 'response 200 body.user_id',
      change: 'no longer always sent',
    });
    expect(changes.some((c) => c.change === 'values: may now send "tool"')).toBe(true);
  });

  it('does not count a widened request or a narrowed response', () => {
    const next = edited((doc) => {
      at(props(doc, 'LoginBody'), 'password').maxLength = 4096;
      schema(doc, 'MessageRole').enum = ['user', 'assistant'];
    });
    expect(breakingChanges(released(), next)).toEqual([]);
  });
});

describe('allowsBreaking', () => {
  it('lets breaking changes ship only in a version a caret range does not reach', () => {
    expect(allowsBreaking([1, 0, 0], [0, 1, 0])).toBe(true);
    expect(allowsBreaking([2, 0, 0], [1, 4, 0])).toBe(true);
    expect(allowsBreaking([1, 5, 0], [1, 4, 0])).toBe(false);
    // Below 1.0 the minor version is the breaking one (^0.1.0 never installs 0.2.0).
    expect(allowsBreaking([0, 2, 0], [0, 1, 0])).toBe(true);
    expect(allowsBreaking([0, 1, 9], [0, 1, 0])).toBe(false);
    expect(allowsBreaking([0, 1, 0], [0, 1, 0])).toBe(false);
    expect(parseVersion('1.2.3')).toEqual([1, 2, 3]);
    expect(parseVersion('1.2')).toBeUndefined();
  });
});
