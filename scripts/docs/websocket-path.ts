import { ErrorBodySchema, WS_PATHS, WsConnectQuerySchema } from '@cyrene/contracts';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';

export const ASYNCAPI_URL = '/api/v1/asyncapi.json';

function operation(operationId: string): ZodOpenApiOperationObject {
  const error = { 'application/json': { schema: ErrorBodySchema } };
  return {
    operationId,
    tags: ['ws'],
    summary: '建立 WebSocket 连接',
    description: [
      'Upgrades to a WebSocket (`Connection: Upgrade`, `Upgrade: websocket`). Admin only: other users get 403.',
      `The frames exchanged afterwards are described in AsyncAPI 3.0 at ${ASYNCAPI_URL} (docs/asyncapi.json).`,
    ].join('\n\n'),
    externalDocs: { description: 'WebSocket frames (AsyncAPI 3.0)', url: ASYNCAPI_URL },
    requestParams: { query: WsConnectQuerySchema },
    security: [{ bearerAuth: [] }, { wsToken: [] }],
    responses: {
      '101': { description: 'Switching Protocols: the WebSocket is open' },
      '401': { description: 'Unauthorized: no token, or an invalid or expired one', content: error },
      '403': {
        description: 'Forbidden: errorType admin_only for anyone but the administrator',
        content: error,
      },
    },
  };
}

/** The upgrade request, at every address the gateway serves it (spec §2, spec/README.md). */
export function webSocketPaths(): ZodOpenApiPathsObject {
  const paths: ZodOpenApiPathsObject = {};
  for (const path of WS_PATHS) {
    const suffix = path.startsWith('/api/') ? 'V1' : '';
    paths[path] = { get: operation(`ws_connectChat${suffix}`) };
  }
  return paths;
}
