import type { BreakingChange } from './openapi-diff';
import { resolverFor } from './openapi-diff';
import { type Direction, diffSchema } from './schema-diff';

/*
 * Breaking changes between two AsyncAPI documents of the WebSocket (scripts/docs/asyncapi.ts):
 * a frame the client sends is read like a request body (it must still be accepted: no new
 * required field, no narrower value), a frame the server sends like a response (nothing removed,
 * no new kind of value). Messages are keyed `client_<type>` / `server_<type>`.
 */

type Doc = Record<string, unknown>;

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

const messagesOf = (doc: Doc) => record(record(doc.components).messages);

/** Every change of `next` against `prev` that would break a client written against `prev`. */
export function breakingFrameChanges(prev: Doc, next: Doc): BreakingChange[] {
  const resolvers = { prev: resolverFor(prev), next: resolverFor(next) };
  const nextMessages = messagesOf(next);
  const changes: BreakingChange[] = [];
  for (const [key, message] of Object.entries(messagesOf(prev))) {
    const sender = key.startsWith('client_') ? 'client' : 'server';
    const direction: Direction = sender === 'client' ? 'request' : 'response';
    const operation = `WS ${sender} frame "${String(record(message).name ?? key)}"`;
    const now = nextMessages[key];
    if (now === undefined) {
      changes.push({
        operation,
        at: 'frame',
        change: sender === 'client' ? 'no longer accepted' : 'no longer sent',
      });
      continue;
    }
    for (const change of diffSchema(
      record(message).payload,
      record(now).payload,
      direction,
      resolvers,
      'payload',
    )) {
      changes.push({ operation, ...change });
    }
  }
  return changes;
}
