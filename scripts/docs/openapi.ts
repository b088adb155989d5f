import * as contracts from '@cyrene/contracts';
import type { AppRouter } from '@ts-rest/core';
import type { OpenAPIObject, SchemaObject } from 'openapi3-ts/oas31';
import { createDocument, type ZodOpenApiObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { type NamedSchemas, namedSchemasOf, selectComponents } from './components';
import { addExamples } from './examples';
import { openAdditionalProperties, pruneUnreferenced } from './json';
import { documentLocalDateTimes } from './local-datetime';
import { ContractDocsError, contractsVersion, GENERATED_MARKER } from './meta';
import { type OperationDoc, operationFor } from './operation';
import { namedRequestBodies } from './request-bodies';
import { nameInlineResponses } from './response-components';
import { documentHeaders } from './response-headers';
import { ENGLISH_SUMMARIES } from './summaries';
import { tagsFor } from './tags';
import { exposeDescriptions } from './zod-walk';

/** Where a gateway serves the AsyncAPI document of its WebSocket. */
export const ASYNCAPI_PATH = '/api/v1/asyncapi.json';
/** The gateway's PORT when none is configured. */
const DEFAULT_PORT = 8080;

export interface GenerateOptions {
  /** Schema instance → component name; default: every exported `*Schema` of contracts/. */
  namedSchemas?: NamedSchemas;
  /** Told about choices a reader of the contract may not expect (aliases, inlined schemas). */
  warn?: (message: string) => void;
}

function operationsOf(contract: AppRouter): OperationDoc[] {
  const problems: string[] = [];
  const docs: OperationDoc[] = [];
  const seen = new Map<string, string>();
  for (const [keys, route] of contracts.routesOf(contract)) {
    const label = `${route.method} ${route.path} (${keys.join('.')})`;
    const doc = operationFor(keys, route, (message) => problems.push(`${label}: ${message}`));
    for (const id of [doc.operation.operationId ?? '', `${doc.method} ${doc.path}`]) {
      if (seen.has(id)) problems.push(`${label}: "${id}" is also used by ${seen.get(id)}`);
      seen.set(id, label);
    }
    docs.push(doc);
  }
  if (problems.length > 0) throw new ContractDocsError(problems);
  return docs;
}

/** createDocument, and when it throws, the routes it throws for, each with its message. */
function render(base: ZodOpenApiObject, paths: ZodOpenApiPathsObject): OpenAPIObject {
  try {
    return createDocument({ ...base, paths });
  } catch (error) {
    const problems = Object.entries(paths).flatMap(([path, item]) => {
      try {
        createDocument({ ...base, paths: { [path]: item } });
        return [];
      } catch (e) {
        return [`${path}: ${(e as Error).message}`];
      }
    });
    throw problems.length > 0 ? new ContractDocsError(problems) : error;
  }
}

/** A parameter's description is shown once, not again on its schema. */
function dropRepeatedParamDescriptions(doc: OpenAPIObject): void {
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of [item.get, item.put, item.post, item.delete, item.patch]) {
      for (const param of op?.parameters ?? []) {
        if (!('in' in param) || !param.schema || !('description' in param.schema)) continue;
        if (param.schema.description === param.description) delete param.schema.description;
      }
    }
  }
}

/** The OpenAPI 3.1 document of a ts-rest contract, with shared schemas as named components. */
export function generateOpenApi(contract: AppRouter, options: GenerateOptions = {}): OpenAPIObject {
  const warn = options.warn ?? (() => {});
  const operations = operationsOf(contract);
  for (const { operation } of operations) {
    const id = operation.operationId ?? '';
    if (!ENGLISH_SUMMARIES[id]) warn(`${id} has no English summary in scripts/docs/summaries.ts`);
  }
  const named = options.namedSchemas ?? namedSchemasOf({ ...contracts }, warn);
  const use = {
    bodies: operations.flatMap((o) => o.bodies),
    params: operations.flatMap((o) => o.params),
    responses: [...operations.flatMap((o) => o.responses), contracts.ErrorBodySchema],
  };
  for (const schema of [...use.bodies, ...use.params, ...use.responses]) exposeDescriptions(schema);
  const paths: ZodOpenApiPathsObject = {};
  for (const { path, method, operation } of operations) paths[path] = { ...paths[path], [method]: operation };

  const raw = render(
    {
      openapi: '3.1.0',
      info: { title: 'Cyrene Gateway API', version: contractsVersion() },
      components: {
        schemas: selectComponents(named, use, warn),
        responses: Object.assign({}, ...operations.map((o) => o.sharedResponses)),
      },
    },
    paths,
  );
  openAdditionalProperties(raw);
  dropRepeatedParamDescriptions(raw);
  const requestBodies = namedRequestBodies(raw);
  nameInlineResponses(raw);
  const responses = pruneUnreferenced(raw.components?.responses ?? {}, raw.paths, '#/components/responses/');
  const schemas = pruneUnreferenced(
    raw.components?.schemas ?? {},
    [raw.paths, responses, requestBodies],
    '#/components/schemas/',
  );
  documentLocalDateTimes(named, schemas as Record<string, SchemaObject>);
  const tags = tagsFor([...new Set(operations.flatMap((o) => o.operation.tags ?? []))]);
  const document: OpenAPIObject = {
    openapi: '3.1.0',
    'x-generated': GENERATED_MARKER,
    info: {
      title: 'Cyrene Gateway API',
      version: contractsVersion(),
      description: [
        'The REST API of the Cyrene Gateway, a self-hosted AI assistant gateway (spec: gateway-api.zh.md, v1).',
        'Authenticated routes take `Authorization: Bearer <jwt>`; webhooks take `X-Webhook-Key`.',
        'Every failure answers `{error, errorType?, hint?}` (ErrorBody).',
        `Beyond each operation's schema, every request (REST, tRPC, WebSocket frames) is refused with 400 \`validation_failed\` naming the field when a path is not valid percent-encoding, when any string or key holds NUL (\\u0000), or when JSON nests deeper than ${contracts.MAX_JSON_DEPTH} levels; an undecodable body is 400, an unsupported Content-Encoding or charset 415 \`unsupported_media_type\`.`,
        `The WebSocket (${contracts.WS_PATHS.join(', ')}) is described in AsyncAPI 3.0 at \`${ASYNCAPI_PATH}\` of the same gateway.`,
      ].join('\n\n'),
      license: { name: 'MIT', identifier: 'MIT' },
      contact: { name: 'Cyrene Gateway maintainers' },
    },
    externalDocs: {
      description: `The WebSocket in AsyncAPI 3.0: \`${ASYNCAPI_PATH}\` of any gateway, here on one at its default address`,
      url: `http://localhost:${DEFAULT_PORT}${ASYNCAPI_PATH}`,
    },
    servers: [{ url: '/', description: 'The gateway that serves this document' }],
    tags,
    paths: raw.paths ?? {},
    components: {
      schemas: schemas as Record<string, SchemaObject>,
      requestBodies,
      responses,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        webhookKey: { type: 'apiKey', in: 'header', name: 'X-Webhook-Key' },
      },
    },
  };
  addExamples(document);
  const headers = documentHeaders(document);
  return { ...document, components: { ...document.components, headers } };
}
