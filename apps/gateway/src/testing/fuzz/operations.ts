import type { JsonSchema, OpenApiDocument } from './json-schema';

export type BodyKind = 'none' | 'json' | 'multipart';

export interface QueryParameter {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

/** One operation of the served OpenAPI document, as the fuzzer needs it. */
export interface Operation {
  operationId: string;
  method: string;
  /** The document's template, e.g. `/api/v1/sessions/{id}`. */
  path: string;
  pathParameters: string[];
  query: QueryParameter[];
  bodyKind: BodyKind;
  bodySchema?: JsonSchema;
  /** Multipart: the name of the file part. */
  filePart?: string;
  /** The security schemes it accepts (`[]` = public). */
  security: string[];
}

interface RawParameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

interface RawOperation {
  operationId: string;
  parameters?: RawParameter[];
  security?: Record<string, unknown>[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> } | { $ref: string };
}

function bodyOf(
  doc: OpenApiDocument,
  op: RawOperation,
): Pick<Operation, 'bodyKind' | 'bodySchema' | 'filePart'> {
  const body = op.requestBody;
  // JSON bodies are named under components.requestBodies.
  const content =
    body && '$ref' in body
      ? doc.components.requestBodies?.[body.$ref.replace('#/components/requestBodies/', '')]?.content
      : body?.content;
  if (!content) return { bodyKind: 'none' };
  const json = content['application/json'];
  if (json) return { bodyKind: 'json', bodySchema: json.schema };
  const multipart = content['multipart/form-data'];
  if (!multipart) return { bodyKind: 'none' };
  const fileEntry = Object.entries(multipart.schema.properties ?? {}).find(([, s]) => s.format === 'binary');
  return { bodyKind: 'multipart', bodySchema: multipart.schema, filePart: fileEntry?.[0] };
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Every HTTP operation of the document (the WebSocket upgrades are fuzzed by frames instead). */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .filter(([, op]) => !(op as RawOperation).operationId.startsWith('ws_'))
      .map(([method, raw]) => {
        const op = raw as RawOperation;
        const parameters = op.parameters ?? [];
        return {
          operationId: op.operationId,
          method: method.toUpperCase(),
          path,
          pathParameters: parameters.filter((p) => p.in === 'path').map((p) => p.name),
          query: parameters
            .filter((p) => p.in === 'query')
            .map((p) => ({ name: p.name, required: p.required ?? false, schema: p.schema ?? {} })),
          ...bodyOf(doc, op),
          security: (op.security ?? []).flatMap((s) => Object.keys(s)),
        };
      }),
  );
}
