import { diffSchema, type JsonSchema, type Resolve, type Resolvers } from './schema-diff';

/** One change between two OpenAPI documents that breaks a client of the older one. */
export interface BreakingChange {
  /** e.g. "GET /api/v1/sessions/{id}" */
  operation: string;
  /** e.g. "response 200 body.title", "query param limit" */
  at: string;
  change: string;
}

type Doc = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** Follows `$ref`s (`#/components/…`) inside `doc`. */
export function resolverFor(doc: Doc): Resolve {
  const resolve: Resolve = (schema) => {
    let node = record(schema);
    for (let hops = 0; typeof node.$ref === 'string' && hops < 32; hops++) {
      const path = node.$ref.replace(/^#\//, '').split('/');
      const target = path.reduce<unknown>(
        (at, key) => record(at)[key.replaceAll('~1', '/').replaceAll('~0', '~')],
        doc,
      );
      // Siblings of $ref (a description) say nothing about the values.
      node = record(target);
    }
    return node as JsonSchema;
  };
  return resolve;
}

interface Param {
  key: string;
  required: boolean;
  schema: unknown;
}

function paramsOf(operation: Record<string, unknown>, resolve: Resolve): Map<string, Param> {
  const params = new Map<string, Param>();
  for (const raw of Array.isArray(operation.parameters) ? operation.parameters : []) {
    const param = resolve(raw);
    const key = `${String(param.in)} param ${String(param.name)}`;
    params.set(key, { key, required: param.required === true, schema: param.schema });
  }
  return params;
}

/** Whether an operation asks for credentials (any security requirement that is not `{}`). */
function secured(operation: Record<string, unknown>): boolean {
  const security = Array.isArray(operation.security) ? operation.security : [];
  return security.length > 0 && security.every((requirement) => Object.keys(record(requirement)).length > 0);
}

function diffOperation(
  prev: Record<string, unknown>,
  next: Record<string, unknown>,
  resolvePrev: Resolve,
  resolveNext: Resolve,
): Omit<BreakingChange, 'operation'>[] {
  const changes: Omit<BreakingChange, 'operation'>[] = [];
  const resolvers: Resolvers = { prev: resolvePrev, next: resolveNext };
  const compare = (a: unknown, b: unknown, direction: 'request' | 'response', at: string) =>
    diffSchema(a, b, direction, resolvers, at);

  if (!secured(prev) && secured(next)) changes.push({ at: 'security', change: 'now needs credentials' });

  const prevParams = paramsOf(prev, resolvePrev);
  const nextParams = paramsOf(next, resolveNext);
  for (const [key, param] of prevParams) {
    const now = nextParams.get(key);
    if (!now) changes.push({ at: key, change: 'removed' });
    else {
      if (now.required && !param.required) changes.push({ at: key, change: 'now required' });
      for (const c of compare(param.schema, now.schema, 'request', 'value'))
        changes.push({ at: `${key} ${c.at}`, change: c.change });
    }
  }
  for (const [key, param] of nextParams) {
    if (!prevParams.has(key) && param.required) changes.push({ at: key, change: 'new required parameter' });
  }

  const prevBody = record(resolvePrev(prev.requestBody));
  const nextBody = record(resolveNext(next.requestBody));
  if (next.requestBody !== undefined && nextBody.required === true && prevBody.required !== true) {
    changes.push({ at: 'request body', change: 'now required' });
  }
  for (const [mediaType, media] of Object.entries(record(prevBody.content))) {
    const now = record(nextBody.content)[mediaType];
    if (now === undefined) {
      changes.push({ at: `request body ${mediaType}`, change: 'no longer accepted' });
      continue;
    }
    changes.push(
      ...compare(record(media).schema, record(now).schema, 'request', 'body').map((c) => ({
        at: `request ${mediaType} ${c.at}`,
        change: c.change,
      })),
    );
  }

  const nextResponses = record(next.responses);
  for (const [status, response] of Object.entries(record(prev.responses))) {
    if (!/^2\d\d$/.test(status)) continue;
    if (!(status in nextResponses)) {
      changes.push({ at: `response ${status}`, change: 'removed' });
      continue;
    }
    const nextContent = record(resolveNext(nextResponses[status]).content);
    for (const [mediaType, media] of Object.entries(record(resolvePrev(response).content))) {
      const now = nextContent[mediaType];
      if (now === undefined) {
        changes.push({ at: `response ${status} ${mediaType}`, change: 'no longer sent' });
        continue;
      }
      changes.push(
        ...compare(record(media).schema, record(now).schema, 'response', 'body').map((c) => ({
          at: `response ${status} ${c.at}`,
          change: c.change,
        })),
      );
    }
  }
  return changes;
}

/** Every change of `next` against `prev` that would break a client written against `prev`. */
export function breakingChanges(prev: Doc, next: Doc): BreakingChange[] {
  const resolvePrev = resolverFor(prev);
  const resolveNext = resolverFor(next);
  const changes: BreakingChange[] = [];
  const nextPaths = record(next.paths);
  for (const [path, item] of Object.entries(record(prev.paths))) {
    for (const method of METHODS) {
      const operation = record(item)[method];
      if (operation === undefined) continue;
      const name = `${method.toUpperCase()} ${path}`;
      const now = record(nextPaths[path])[method];
      if (now === undefined) {
        changes.push({ operation: name, at: 'route', change: 'removed' });
        continue;
      }
      for (const change of diffOperation(record(operation), record(now), resolvePrev, resolveNext)) {
        changes.push({ operation: name, ...change });
      }
    }
  }
  return changes;
}
