import fc from 'fast-check';
import { brokenJson } from './bad-requests';
import { deepJson, nastyString } from './bad-values';
import { type OpenApiDocument, sampleValue } from './json-schema';

/** A client frame as the AsyncAPI document names it: `client_message` → its payload schema. */
interface AsyncApiDocument extends OpenApiDocument {
  components: OpenApiDocument['components'] & { messages: Record<string, { payload: { $ref: string } }> };
}

export interface BadFrame {
  /** Sent as a text frame, or as binary. */
  data: string | Buffer;
  mutation: string;
}

const garbage: fc.Arbitrary<BadFrame> = fc.oneof(
  nastyString.map((text) => ({ data: text, mutation: `text ${JSON.stringify(text).slice(0, 60)}` })),
  fc
    .constantFrom('[]', 'null', '"ping"', '{', '{"type":', '{"type":null}', '{"type":"nope"}')
    .map((data) => ({ data, mutation: `frame ${data}` })),
  fc
    .integer({ min: 1_000, max: 20_000 })
    .map((depth) => ({ data: deepJson(depth), mutation: `nested ${depth} deep` })),
  fc
    .uint8Array({ minLength: 1, maxLength: 64 })
    .map((bytes) => ({ data: Buffer.from(bytes), mutation: 'binary frame' })),
);

/** Bad variants of every client frame of the AsyncAPI document, and frames that are no frame at all. */
export function badFrames(doc: AsyncApiDocument): fc.Arbitrary<BadFrame> {
  const clientFrames = Object.entries(doc.components.messages)
    .filter(([name]) => name.startsWith('client_'))
    .map(([name, message]) =>
      brokenJson(sampleValue(doc, message.payload)).map(({ text, mutation }) => ({
        data: text,
        mutation: `${name}: ${mutation}`,
      })),
    );
  return fc.oneof(...clientFrames, garbage);
}
