import * as contracts from '@cyrene/contracts';
import type { ZodTypeAny } from 'zod';
import { createSchema } from 'zod-openapi';
import type { NamedSchemas } from './components';
import { ContractDocsError } from './meta';
import { paramObject } from './params';
import { defOf, isZod, reachable } from './zod-walk';

/** The two frame unions of the WebSocket, one per direction. */
export interface WsSchemas {
  client: ZodTypeAny;
  server: ZodTypeAny;
}

export const wsSchemas: WsSchemas = {
  client: contracts.ClientFrameSchema,
  server: contracts.ServerFrameSchema,
};

export type JsonSchema = Record<string, unknown>;
export type Direction = keyof WsSchemas;

export interface FrameVariant {
  type: string;
  schema: ZodTypeAny;
}

/** The options of a frame union, each with its `type` literal. */
export function frameVariants(union: ZodTypeAny): FrameVariant[] {
  const options = defOf(union).options;
  if (!Array.isArray(options)) throw new ContractDocsError(['a WebSocket frame schema is not a union']);
  return options.filter(isZod).map((schema, i) => {
    const literal = paramObject(schema)?.shape.type;
    const value = literal && defOf(literal).value;
    if (typeof value !== 'string') throw new ContractDocsError([`frame option ${i} has no z.literal type`]);
    return { type: value, schema };
  });
}

/** Message key in `components.messages` for a frame. */
export const messageKey = (direction: Direction, type: string): string => `${direction}_${type}`;

/**
 * JSON Schema of every frame (client frames as the server parses them, server frames as it
 * writes them) and of the named schemas they use; `clashes` names those rendered two ways.
 */
export function renderPayloads(ws: WsSchemas, named: NamedSchemas, inline: ReadonlySet<string>) {
  const payloads = new Map<string, JsonSchema>();
  const schemas: Record<string, JsonSchema> = {};
  const clashes = new Set<string>();
  for (const direction of ['client', 'server'] as const) {
    const schemaType = direction === 'client' ? 'input' : 'output';
    for (const { type, schema } of frameVariants(ws[direction])) {
      // Only what this frame uses, so each component is rendered in the frame's direction.
      const used = reachable([schema]);
      const components = Object.fromEntries(
        [...named].filter(([s, name]) => used.has(s) && !inline.has(name)).map(([s, name]) => [name, s]),
      );
      const result = createSchema(schema, { schemaType, openapi: '3.1.0', components });
      payloads.set(messageKey(direction, type), result.schema as JsonSchema);
      for (const [name, rendered] of Object.entries(result.components ?? {})) {
        const before = schemas[name];
        if (before && JSON.stringify(before) !== JSON.stringify(rendered)) clashes.add(name);
        schemas[name] = rendered as JsonSchema;
      }
    }
  }
  return { payloads, schemas, clashes };
}
