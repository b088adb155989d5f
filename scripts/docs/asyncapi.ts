import * as contracts from '@cyrene/contracts';
import { createSchema } from 'zod-openapi';
import { type NamedSchemas, namedSchemasOf } from './components';
import { sampleOf } from './examples';
import { isJsonObject, pruneUnreferenced } from './json';
import { contractsVersion, GENERATED_MARKER } from './meta';
import {
  type Direction,
  frameVariants,
  type JsonSchema,
  messageKey,
  renderPayloads,
  type WsSchemas,
  wsSchemas,
} from './ws-frames';
import { exposeDescriptions } from './zod-walk';

/** The AsyncAPI 3.0 document of the WebSocket, written from the client's side. */
export function generateAsyncApi(ws: WsSchemas = wsSchemas, named?: NamedSchemas): Record<string, unknown> {
  const names = new Map(named ?? namedSchemasOf({ ...contracts }));
  for (const union of [ws.client, ws.server]) names.delete(union);
  for (const root of [ws.client, ws.server, contracts.WsConnectQuerySchema]) exposeDescriptions(root);
  let result = renderPayloads(ws, names, new Set());
  // A schema read one way by the client and another by the server is inlined on both sides.
  if (result.clashes.size > 0) result = renderPayloads(ws, names, result.clashes);
  const { payloads, schemas } = result;

  const messages: Record<string, JsonSchema> = {};
  const refs = (direction: Direction) =>
    frameVariants(ws[direction]).map(({ type }) => ({
      $ref: `#/channels/chat/messages/${messageKey(direction, type)}`,
    }));
  for (const direction of ['client', 'server'] as const) {
    for (const { type, schema } of frameVariants(ws[direction])) {
      const payload = payloads.get(messageKey(direction, type));
      messages[messageKey(direction, type)] = {
        name: type,
        title: `${type} (${direction === 'client' ? 'client → server' : 'server → client'})`,
        ...(schema.description && { summary: schema.description }),
        contentType: 'application/json',
        payload,
      };
    }
  }
  // One example per frame, built from its payload schema so it cannot drift from it.
  const resolve = (ref: string): unknown => schemas[ref.replace('#/components/schemas/', '')];
  for (const message of Object.values(messages)) {
    message.examples = [
      { name: `${String(message.name)}-example`, payload: sampleOf(message.payload, resolve) },
    ];
  }
  const query = createSchema(contracts.WsConnectQuerySchema, {
    schemaType: 'input',
    openapi: '3.1.0',
  }).schema;
  const channelMessages = Object.fromEntries(
    Object.keys(messages).map((key) => [key, { $ref: `#/components/messages/${key}` }]),
  );
  return {
    asyncapi: '3.0.0',
    'x-generated': GENERATED_MARKER,
    info: {
      title: 'Cyrene Gateway WebSocket',
      version: contractsVersion(),
      description: [
        'Real-time chat with the gateway (spec §2 WebSocket 实时通信). Every frame is one JSON text message.',
        'Operations are written from the client’s side: the client sends `ClientFrame`s and receives `ServerFrame`s.',
        'The REST API is described in OpenAPI 3.1 at `/api/v1/openapi.json`.',
      ].join('\n\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      gateway: {
        host: 'localhost:8080',
        protocol: 'ws',
        description: 'A gateway on its default PORT; use `wss` behind TLS.',
        security: [
          { $ref: '#/components/securitySchemes/queryToken' },
          { $ref: '#/components/securitySchemes/bearer' },
        ],
      },
    },
    channels: {
      chat: {
        address: contracts.WS_PATHS[0],
        title: 'Chat',
        description: `Also served at ${contracts.WS_PATHS.slice(1).join(', ')}. Admin only: other users get 403 at the upgrade.`,
        messages: channelMessages,
        bindings: { ws: { method: 'GET', query, bindingVersion: '0.1.0' } },
      },
    },
    operations: {
      sendClientFrame: {
        action: 'send',
        channel: { $ref: '#/channels/chat' },
        title: 'Send a frame',
        messages: refs('client'),
      },
      receiveServerFrame: {
        action: 'receive',
        channel: { $ref: '#/channels/chat' },
        title: 'Receive a frame',
        messages: refs('server'),
      },
    },
    components: {
      schemas: pruneUnreferenced(
        schemas,
        [...payloads.values()].filter(isJsonObject),
        '#/components/schemas/',
      ),
      messages,
      securitySchemes: {
        queryToken: { type: 'httpApiKey', name: 'token', in: 'query', description: 'JWT in ?token=' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
  };
}
