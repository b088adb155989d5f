import { ClientFrameSchema, ServerFrameSchema } from '@cyrene/contracts';
import { describe, expect, it } from 'vitest';
import { generateAsyncApi } from './asyncapi';
import { isJsonObject, walkJson } from './json';
import { frameVariants, messageKey } from './ws-frames';

const doc = generateAsyncApi();
const at = (pointer: string): unknown =>
  pointer
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (isJsonObject(node) ? node[key] : undefined), doc);

describe('generateAsyncApi()', () => {
  it('is an AsyncAPI 3.0 document with one chat channel and its query binding', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc['x-generated']).toMatch(/do not edit/);
    expect(at('#/channels/chat/address')).toBe('/ws/chat');
    const query = at('#/channels/chat/bindings/ws/query') as { properties: Record<string, unknown> };
    expect(Object.keys(query.properties)).toEqual(
      expect.arrayContaining(['token', 'session_id', 'client_id', 'device_name']),
    );
  });

  it('has one message per frame variant, named by its type', () => {
    const expected = [
      ...frameVariants(ClientFrameSchema).map((v) => ({ key: messageKey('client', v.type), name: v.type })),
      ...frameVariants(ServerFrameSchema).map((v) => ({ key: messageKey('server', v.type), name: v.type })),
    ];
    expect(expected).toHaveLength(ClientFrameSchema.options.length + ServerFrameSchema.options.length);
    const messages = at('#/components/messages') as Record<string, { name: string; payload: unknown }>;
    expect(Object.keys(messages)).toEqual(expected.map((m) => m.key));
    for (const { key, name } of expected) {
      expect(messages[key]?.name).toBe(name);
      expect(
        isJsonObject(messages[key]?.payload) && Object.keys(messages[key].payload).length,
      ).toBeGreaterThan(0);
    }
  });

  it('sends client frames and receives server frames', () => {
    const send = at('#/operations/sendClientFrame') as { action: string; messages: { $ref: string }[] };
    const receive = at('#/operations/receiveServerFrame') as { action: string; messages: { $ref: string }[] };
    expect(send.action).toBe('send');
    expect(receive.action).toBe('receive');
    expect(send.messages).toHaveLength(ClientFrameSchema.options.length);
    expect(receive.messages).toHaveLength(ServerFrameSchema.options.length);
  });

  it('resolves every $ref', () => {
    const broken: string[] = [];
    walkJson(doc, (value, pointer) => {
      if (isJsonObject(value) && typeof value.$ref === 'string' && at(value.$ref) === undefined) {
        broken.push(`${pointer} → ${value.$ref}`);
      }
    });
    expect(broken).toEqual([]);
  });
});
