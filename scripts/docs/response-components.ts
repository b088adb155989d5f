import type { OpenAPIObject, ResponseObject, SchemaObject } from 'openapi3-ts/oas31';

/*
 * A JSON answer written inline (`z.object({ success: z.literal(true), reminder: ReminderSchema })`
 * in a route) would reach generators without a name, and they invent one
 * (`RemindersCreateReminderResponses[201]`). Each becomes a component named after its operation:
 * `CreateReminderResponse`, or `<Domain><Operation>Response` when that name is taken.
 */

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const pascal = (words: string[]) => words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

/** Moves every inline 2xx JSON schema of `doc` into `components.schemas`, in place. */
export function nameInlineResponses(doc: OpenAPIObject): void {
  const components = doc.components ?? {};
  const schemas = components.schemas ?? {};
  doc.components = { ...components, schemas };
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation?.operationId) continue;
      const [domain = '', ...rest] = operation.operationId.split('_');
      const successes = Object.entries(operation.responses ?? {}).filter(([status]) =>
        status.startsWith('2'),
      );
      for (const [status, response] of successes) {
        if ('$ref' in response) continue;
        for (const media of Object.values((response as ResponseObject).content ?? {})) {
          const schema = media.schema as SchemaObject | undefined;
          if (!schema || '$ref' in schema || schema.type !== 'object') continue;
          const suffix = successes.length > 1 ? `Response${status}` : 'Response';
          const short = `${pascal(rest)}${suffix}`;
          const name = short in schemas ? `${pascal([domain, ...rest])}${suffix}` : short;
          schemas[name] = schema;
          media.schema = { $ref: `#/components/schemas/${name}` };
        }
      }
    }
  }
}
