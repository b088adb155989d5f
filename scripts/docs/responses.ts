import { STATUS_CODES } from 'node:http';
import { ErrorBodySchema, type RouteMetadata } from '@cyrene/contracts';
import { type AppRoute, ContractNoBody, isAppRouteOtherResponse } from '@ts-rest/core';
import type { SchemaObject } from 'openapi3-ts/oas31';
import type { ZodTypeAny } from 'zod';
import type {
  ZodOpenApiMediaTypeObject,
  ZodOpenApiResponseObject,
  ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { isZod } from './zod-walk';

/** What a file, image or audio body looks like. */
export const BINARY_SCHEMA: SchemaObject = { type: 'string', format: 'binary' };

export interface ResponsesDoc {
  responses: ZodOpenApiResponsesObject;
  /** The shared error responses it refers to, for `components.responses`. */
  shared: Record<string, ZodOpenApiResponseObject>;
  /** The zod schemas used, for choosing components. */
  schemas: ZodTypeAny[];
}

function statusDescription(status: string, auth: RouteMetadata['auth']): string {
  const reason = STATUS_CODES[Number(status)] ?? `HTTP ${status}`;
  if (status === '403' && auth === 'admin')
    return `${reason}: errorType admin_only for anyone but the administrator`;
  return reason;
}

/** `components.responses` name of the ErrorBody answer for a status: `NotFound`, `AdminOnly`. */
function sharedErrorName(status: string, description: string): string {
  if (description.includes('admin_only')) return 'AdminOnly';
  return (STATUS_CODES[Number(status)] ?? `Status${status}`).replace(/[^A-Za-z0-9]/g, '');
}

function otherContent(contentType: string, body: unknown): ZodOpenApiMediaTypeObject {
  if (contentType.includes('json') && isZod(body)) return { schema: body };
  if (contentType.startsWith('text/')) return { schema: { type: 'string' } };
  return { schema: BINARY_SCHEMA };
}

/** `responses` of one route: JSON bodies, otherResponse media types, and empty ones. */
export function responsesOf(
  route: AppRoute,
  auth: RouteMetadata['auth'],
  problem: (message: string) => void,
  documented: (status: string) => boolean = () => true,
): ResponsesDoc {
  const responses: ZodOpenApiResponsesObject = {};
  const schemas: ZodTypeAny[] = [];
  const shared: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    if (!documented(status)) continue;
    const key = status as `${1 | 2 | 3 | 4 | 5}${string}`;
    const description = statusDescription(status, auth);
    if (response === ContractNoBody || response === null || response === undefined) {
      responses[key] = { description };
    } else if (response === ErrorBodySchema) {
      const name = sharedErrorName(status, description);
      shared[name] = { description, content: { 'application/json': { schema: response } } };
      responses[key] = { $ref: `#/components/responses/${name}` };
      schemas.push(response);
    } else if (isZod(response)) {
      schemas.push(response);
      responses[key] = { description, content: { 'application/json': { schema: response } } };
    } else if (typeof response === 'object' && isAppRouteOtherResponse(response)) {
      const media = otherContent(response.contentType, response.body);
      if (isZod(media.schema)) schemas.push(media.schema);
      responses[key] = { description, content: { [response.contentType]: media } };
    } else {
      problem(
        `response ${status} is c.type<…>() (no zod schema): write it in zod, or c.otherResponse for binary`,
      );
      responses[key] = { description };
    }
  }
  return { responses, shared, schemas };
}
