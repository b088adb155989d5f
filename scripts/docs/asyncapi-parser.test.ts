import { Parser } from '@asyncapi/parser';
import Ajv2020 from 'ajv/dist/2020';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateAsyncApi } from './asyncapi';

const DOC_ID = 'https://cyrene.invalid/asyncapi.json';
type Message = { name: string; payload: unknown; examples?: { payload: unknown }[] };

describe('the AsyncAPI document as AsyncAPI tools read it', () => {
  let doc: Record<string, unknown>;
  let messages: Record<string, Message>;
  beforeAll(() => {
    doc = generateAsyncApi();
    messages = (doc.components as { messages: Record<string, Message> }).messages;
  });

  it('validates with the AsyncAPI parser, with no error and no warning', async () => {
    const diagnostics = await new Parser().validate(JSON.stringify(doc));
    // Severity 0 is an error, 1 a warning.
    const problems = diagnostics
      .filter((d) => d.severity <= 1)
      .map((d) => `${d.code} ${d.path.join('.')}: ${d.message}`);
    expect(problems).toEqual([]);
  }, 60_000);

  it('gives every frame an example that matches its payload schema', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema({ ...doc, $id: DOC_ID });
    for (const [key, message] of Object.entries(messages)) {
      expect(message.examples?.length, key).toBe(1);
      const validate = ajv.getSchema(`${DOC_ID}#/components/messages/${key}/payload`);
      if (!validate) throw new Error(`${key}: no payload schema`);
      validate(message.examples?.[0]?.payload);
      expect({ key, errors: validate.errors ?? null }).toEqual({ key, errors: null });
      expect(message.examples?.[0]?.payload).toMatchObject({ type: message.name });
    }
  });
});
