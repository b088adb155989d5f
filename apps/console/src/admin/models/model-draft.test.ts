import type { ModelConfig } from '@cyrene/sdk';
import { describe, expect, it } from 'vitest';
import { bodyOf, bodyOfModel, draftOf, emptyDraft, modelIdFrom, parseParams } from './model-draft';

const model: ModelConfig = {
  id: 'gpt-4o',
  name: 'GPT-4o',
  provider: 'openai',
  description: '主力模型',
  priority: 5,
  tags: ['chat', 'vision'],
  params: { temperature: 0.3 },
  enabled: true,
  updated_at: '2026-01-01T00:00:00.000Z',
};

describe('params text', () => {
  it('empty is {}; a JSON object is itself', () => {
    expect(parseParams('  ')).toEqual({ ok: true, value: {} });
    expect(parseParams('{"temperature": 0.3}')).toEqual({ ok: true, value: { temperature: 0.3 } });
  });

  it('broken JSON says why; JSON that is not an object is refused as such', () => {
    expect(parseParams('{"a":')).toMatchObject({ ok: false, reason: 'invalid', detail: expect.any(String) });
    for (const text of ['[1]', '3', 'null', '"x"'])
      expect(parseParams(text)).toEqual({ ok: false, reason: 'notObject' });
  });
});

describe('model ids from a provider’s model list', () => {
  it('keeps letters, digits and _ . : -, turns anything else into -, and starts with a letter or digit', () => {
    expect(modelIdFrom('org/model-v1.5')).toBe('org-model-v1.5');
    expect(modelIdFrom('/leading slash')).toBe('leading-slash');
    expect(modelIdFrom('x'.repeat(80))).toHaveLength(64);
  });

  it('a new draft from a remote model is named after it, with an id made from it', () => {
    expect(emptyDraft('openai', 'org/gpt')).toMatchObject({
      id: 'org-gpt',
      name: 'org/gpt',
      provider: 'openai',
    });
  });
});

describe('a model through the form', () => {
  it('comes back as the same save body', () => {
    const draft = draftOf(model);
    expect(draft).toMatchObject({ priority: '5', tags: 'chat, vision' });
    const params = parseParams(draft.params);
    if (!params.ok) throw new Error('params');
    expect(bodyOf(draft, params.value)).toEqual(bodyOfModel(model, true));
  });

  it('tidies what was typed: tags split and trimmed, a bad priority is 0, a blank name is left out', () => {
    const body = bodyOf({ ...emptyDraft('openai'), name: '  ', tags: ' a, ,b ', priority: 'high' }, {});
    expect(body).toEqual({
      provider: 'openai',
      description: '',
      priority: 0,
      tags: ['a', 'b'],
      params: {},
      enabled: true,
    });
  });

  it('no params shows as an empty text box', () => {
    expect(draftOf({ ...model, params: {} }).params).toBe('');
  });
});
