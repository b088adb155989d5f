import type { MultipartField, RouteAuth, RouteMetadata } from '@cyrene/contracts';
import { type AppRoute, ContractNoBody } from '@ts-rest/core';
import type { ParameterObject, SchemaObject } from 'openapi3-ts/oas31';
import type { AnyZodObject, ZodTypeAny } from 'zod';
import type {
  ZodOpenApiOperationObject,
  ZodOpenApiRequestBodyObject,
  ZodOpenApiResponseObject,
} from 'zod-openapi';
import { documentedStatus } from './error-statuses';
import { paramObject, paramsForDocs } from './params';
import { responsesOf } from './responses';
import { ENGLISH_SUMMARIES } from './summaries';
import { isZod } from './zod-walk';

const AUTHS: readonly RouteAuth[] = ['public', 'user', 'admin', 'webhook'];
const ADMIN_NOTE = 'Admin only: any other user gets 403 with errorType `admin_only`.';

export interface OperationDoc {
  path: string;
  method: Lowercase<AppRoute['method']>;
  operation: ZodOpenApiOperationObject;
  bodies: ZodTypeAny[];
  params: ZodTypeAny[];
  responses: ZodTypeAny[];
  sharedResponses: Record<string, ZodOpenApiResponseObject>;
}

/** `/sessions/:id` → `/sessions/{id}` */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)\??/g, '{$1}');

export const operationIdOf = (keys: readonly string[]): string =>
  keys.map((key) => key.replace(/[^A-Za-z0-9_]/g, '_')).join('_');

function metadataOf(route: AppRoute, problem: (m: string) => void): RouteMetadata {
  const meta = route.metadata as Partial<RouteMetadata> | undefined;
  if (meta?.auth && AUTHS.includes(meta.auth)) return meta as RouteMetadata;
  problem(`metadata.auth is missing or not one of ${AUTHS.join('/')}`);
  return { auth: 'public' };
}

function multipartSchema(fields: Record<string, MultipartField>): SchemaObject {
  const properties: Record<string, SchemaObject> = {};
  for (const [name, field] of Object.entries(fields)) {
    const { description, maxBytes } = field;
    properties[name] =
      field.kind === 'file'
        ? {
            type: 'string',
            format: 'binary',
            contentMediaType: 'application/octet-stream',
            description,
            ...(maxBytes !== undefined && { 'x-max-bytes': maxBytes }),
          }
        : { type: 'string', description };
  }
  const required = Object.keys(fields).filter((name) => fields[name]?.required);
  return { type: 'object', properties, ...(required.length > 0 && { required }) };
}

function requestBodyOf(route: AppRoute, meta: RouteMetadata, problem: (m: string) => void) {
  if (route.method === 'GET' || !('body' in route)) return undefined;
  const contentType = ('contentType' in route && route.contentType) || 'application/json';
  const multipart = contentType === 'multipart/form-data';
  if (meta.multipart) {
    if (!multipart) problem('metadata.multipart is set but contentType is not multipart/form-data');
    const content = { 'multipart/form-data': { schema: multipartSchema(meta.multipart) } };
    return { body: { required: true, content } satisfies ZodOpenApiRequestBodyObject };
  }
  if (multipart) problem('multipart/form-data body without metadata.multipart to describe its fields');
  const body: unknown = route.body;
  if (body === ContractNoBody || body === null || body === undefined) return undefined;
  if (!isZod(body)) {
    problem('body is c.type<…>() (no zod schema): write it in zod, or describe metadata.multipart');
    return undefined;
  }
  const requestBody: ZodOpenApiRequestBodyObject = {
    required: !body.isOptional(),
    content: { [contentType]: { schema: body } },
  };
  return { body: requestBody, schema: body };
}

function pathParameters(route: AppRoute, problem: (m: string) => void) {
  const names = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '');
  const declared = paramsForDocs(route.pathParams);
  const declaredNames = Object.keys(declared?.shape ?? {});
  for (const name of declaredNames)
    if (!names.includes(name)) problem(`pathParams.${name} is not in the path`);
  const undeclared: ParameterObject[] = names
    .filter((name) => !declaredNames.includes(name))
    .map((name) => ({ in: 'path', name, required: true, schema: { type: 'string' } }));
  return { declared, undeclared };
}

/** The OpenAPI operation for one contract route; `problem` collects what cannot be documented. */
export function operationFor(
  keys: readonly string[],
  route: AppRoute,
  problem: (m: string) => void,
): OperationDoc {
  const meta = metadataOf(route, problem);
  const path = pathParameters(route, problem);
  const query = paramsForDocs(route.query);
  const header = paramsForDocs(route.headers);
  if (route.query && !query && !paramObject(route.query)) problem('query is not a zod object');
  const body = requestBodyOf(route, meta, problem);
  const responses = responsesOf(route, meta.auth, problem, documentedStatus(keys, route, meta.auth));
  const operationId = operationIdOf(keys);
  const english = ENGLISH_SUMMARIES[operationId];
  // The spec's Chinese heading stays beside the English one, which becomes the summary.
  const heading =
    route.summary && english && route.summary !== english ? `${route.summary} — ${english}.` : undefined;
  const notes = [heading, route.description, meta.auth === 'admin' ? ADMIN_NOTE : undefined].filter(Boolean);
  // A public route says so with an empty list: no credentials, not "unspecified".
  const security =
    meta.auth === 'user' || meta.auth === 'admin'
      ? [{ bearerAuth: [] }]
      : meta.auth === 'webhook'
        ? [{ webhookKey: [] }]
        : [];
  const operation: ZodOpenApiOperationObject = {
    operationId,
    tags: keys.slice(0, 1),
    ...((english ?? route.summary) && { summary: english ?? route.summary }),
    ...(notes.length > 0 && { description: notes.join('\n\n') }),
    ...(route.deprecated && { deprecated: true }),
    ...(path.undeclared.length > 0 && { parameters: path.undeclared }),
    requestParams: {
      ...(path.declared && { path: path.declared }),
      ...(query && { query }),
      ...(header && { header }),
    },
    ...(body && { requestBody: body.body }),
    responses: responses.responses,
    security,
  };
  return {
    path: openApiPath(route.path),
    method: route.method.toLowerCase() as OperationDoc['method'],
    operation,
    bodies: body?.schema ? [body.schema] : [],
    params: [path.declared, query, header].filter((s): s is AnyZodObject => s !== undefined),
    responses: responses.schemas,
    sharedResponses: responses.shared,
  };
}
