import { beforeAll, describe, expect, it } from 'vitest';
import { generateAsyncApi } from '../docs/asyncapi';
import { breakingFrameChanges } from './asyncapi-diff';

type Doc = Record<string, unknown>;
type Schema = { properties: Record<string, Record<string, unknown>>; required?: string[] };

const clone = (doc: Doc): Doc => JSON.parse(JSON.stringify(doc)) as Doc;
/** A named payload schema of the document, to change in place. */
const schema = (doc: Doc, name: string): Schema =>
  (doc.components as { schemas: Record<string, Schema> }).schemas[name] as Schema;

describe('breakingFrameChanges (WebSocket frames against the last release)', () => {
  let released: Doc;
  beforeAll(() => {
    released = generateAsyncApi();
  });

  it('finds nothing between a release and itself', () => {
    expect(breakingFrameChanges(released, clone(released))).toEqual([]);
  });

  it('fails when a server frame loses a field', () => {
    const next = clone(released);
    delete schema(next, 'ErrorFrame').properties.message_id;
    expect(breakingFrameChanges(released, next)).toEqual([
      expect.objectContaining({
        operation: 'WS server frame "error"',
        at: expect.stringContaining('message_id'),
      }),
    ]);
  });

  it('fails when a server frame sends a value it did not', () => {
    const next = clone(released);
    schema(next, 'ErrorFrame').properties.message_id = { type: ['string', 'number'] };
    expect(breakingFrameChanges(released, next).map((c) => c.operation)).toEqual(['WS server frame "error"']);
  });

  it('fails when a client frame field becomes required, or a frame disappears', () => {
    const next = clone(released);
    const message = schema(next, 'MessageFrame');
    message.required = [...(message.required ?? []), 'session_id'];
    delete (next.components as { messages: Record<string, unknown> }).messages.client_ping;
    expect(breakingFrameChanges(released, next)).toEqual([
      expect.objectContaining({
        operation: 'WS client frame "message"',
        at: expect.stringContaining('session_id'),
      }),
      { operation: 'WS client frame "ping"', at: 'frame', change: 'no longer accepted' },
    ]);
  });

  it('passes a new optional client field and a new server field', () => {
    const next = clone(released);
    schema(next, 'MessageFrame').properties.locale = { type: 'string' };
    schema(next, 'ErrorFrame').properties.retry_in = { type: 'integer', minimum: 0, maximum: 60 };
    expect(breakingFrameChanges(released, next)).toEqual([]);
  });
});
