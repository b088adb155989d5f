import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/manual-clock';
import { capturedLogger } from '../../testing/captured-logger';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway';
import { signInTestAdmin } from '../../testing/users';
import { recordingClient } from '../testing/recording-client';

const OPENAI_KEY = 'sk-live-0123456789abcdef3456';
const OTHER_KEY = 'sk-other-key-fedcba98765432';
const START = Date.UTC(2026, 0, 1, 8);

describe('§15 model providers, models and routing', () => {
  let gw: TestGateway;
  let api: ReturnType<typeof recordingClient>['api'];
  let responses: string[];
  const clock = new ManualClock(START);
  const { log, lines } = capturedLogger();

  beforeAll(async () => {
    gw = await startTestGateway({ clock, log });
    const adminToken = (await signInTestAdmin(gw)).token;
    ({ api, texts: responses } = recordingClient(gw, adminToken));
  });
  afterAll(() => gw.close());

  describe('providers', () => {
    it('creates a provider and lists its key masked', async () => {
      const saved = await api('POST', '/admin/models/providers/openai', {
        body: { name: 'openai', base_url: 'https://api.openai.com/v1', api_key: OPENAI_KEY },
      });
      expect(saved.status).toBe(200);
      expect(saved.body).toEqual({ status: 'saved', name: 'openai' });
      await api('POST', '/admin/models/providers/local', {
        body: { base_url: 'http://127.0.0.1:11434/v1/' },
      });

      const list = await api('GET', '/admin/models/providers');
      expect(list.status).toBe(200);
      expect(list.body).toEqual({
        providers: [
          { name: 'local', base_url: 'http://127.0.0.1:11434/v1/', api_key: '' },
          { name: 'openai', base_url: 'https://api.openai.com/v1', api_key: 'sk-…3456' },
        ],
        total: 2,
      });
    });

    it('stores the key encrypted, not as sent', async () => {
      const row = await gw.ctx.db
        .selectFrom('model_providers')
        .select('api_key_encrypted')
        .where('name', '=', 'openai')
        .executeTakeFirstOrThrow();
      expect(row.api_key_encrypted).toMatch(/^v1\.[\w-]+$/);
      expect(row.api_key_encrypted).not.toContain('3456');
    });

    it('keeps the stored key when the key is omitted or sent back masked, replaces or clears it otherwise', async () => {
      const keyOf = async () => (await gw.services.modelRouting.resolve('chat'))?.chain[0]?.provider.apiKey;
      await api('POST', '/admin/models/models/gpt-4o', { body: { provider: 'openai' } });
      await api('POST', '/admin/models/routing/chat', { body: { fallback_chain: ['gpt-4o'] } });

      await api('POST', '/admin/models/providers/openai', {
        body: { base_url: 'https://api.openai.com/v1' },
      });
      expect(await keyOf()).toBe(OPENAI_KEY);
      await api('POST', '/admin/models/providers/openai', {
        body: { base_url: 'https://api.openai.com/v1', api_key: 'sk-…3456' },
      });
      expect(await keyOf()).toBe(OPENAI_KEY);
      await api('POST', '/admin/models/providers/openai', {
        body: { base_url: 'https://api.openai.com/v1', api_key: OTHER_KEY },
      });
      expect(await keyOf()).toBe(OTHER_KEY);
      await api('POST', '/admin/models/providers/openai', {
        body: { base_url: 'https://api.openai.com/v1', api_key: '' },
      });
      expect(await keyOf()).toBeUndefined();
      await api('POST', '/admin/models/providers/openai', {
        body: { base_url: 'https://api.openai.com/v1', api_key: OPENAI_KEY },
      });
      expect(await keyOf()).toBe(OPENAI_KEY);
      await api('DELETE', '/admin/models/routing/chat');
      await api('DELETE', '/admin/models/models/gpt-4o');
    });

    it('masks a short key entirely', async () => {
      await api('POST', '/admin/models/providers/short', {
        body: { base_url: 'http://x.test', api_key: 'abc12345' },
      });
      const list = await api<{ providers: { name: string; api_key: string }[] }>(
        'GET',
        '/admin/models/providers',
      );
      expect(list.body.providers.find((p) => p.name === 'short')?.api_key).toBe('…');
      expect((await api('DELETE', '/admin/models/providers/short')).status).toBe(200);
    });

    it.each([
      [{ base_url: 'ftp://example.com' }, 'URL 需以 http:// 或 https:// 开头'],
      [{ base_url: 'not a url' }, 'URL 无效'],
      [{}, 'base_url 不能为空'],
      [{ base_url: 'https://x.test', name: 'other' }, 'name 与路径不一致: other ≠ p1'],
    ])('refuses %o with 400 %s', async (body, message) => {
      const res = await api('POST', '/admin/models/providers/p1', { body });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: message, errorType: 'validation_failed' });
      const list = await api<{ providers: { name: string }[] }>('GET', '/admin/models/providers');
      expect(list.body.providers.map((p) => p.name)).not.toContain('p1');
    });

    it('refuses a bad provider name with 400', async () => {
      const res = await api('POST', '/admin/models/providers/bad%20name', {
        body: { base_url: 'https://x.test' },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: '名称需为 1-64 位字母、数字或 _ . : -' });
    });

    it('answers 404 deleting an unknown provider and 409 deleting one a model uses', async () => {
      const missing = await api('DELETE', '/admin/models/providers/nope');
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({
        error: 'Provider 不存在: nope',
        errorType: 'not_found',
        hint: '先通过 POST /api/v1/admin/models/providers/:name 创建',
      });
      await api('POST', '/admin/models/models/llama', { body: { provider: 'local' } });
      const used = await api('DELETE', '/admin/models/providers/local');
      expect(used.status).toBe(409);
      expect(used.body).toEqual({
        error: 'Provider 仍被模型使用: local',
        errorType: 'conflict',
        hint: '先删除或改用其他 Provider 的模型',
      });
      await api('DELETE', '/admin/models/models/llama');
      expect((await api('DELETE', '/admin/models/providers/local')).body).toEqual({
        status: 'deleted',
        name: 'local',
      });
    });
  });

  describe('models', () => {
    it('creates with defaults, replaces on save, and lists by priority then id', async () => {
      expect(
        (await api('POST', '/admin/models/models/gpt-4o', { body: { provider: 'openai', priority: 2 } }))
          .body,
      ).toEqual({ status: 'saved', id: 'gpt-4o' });
      clock.advance(1000);
      await api('POST', '/admin/models/models/mini', {
        body: {
          id: 'mini',
          name: 'gpt-4o-mini',
          provider: 'openai',
          description: 'cheap',
          priority: 1,
          tags: ['fast'],
          params: { temperature: 0.7 },
          enabled: false,
        },
      });
      await api('POST', '/admin/models/models/a-model', { body: { provider: 'openai', priority: 2 } });
      const list = await api('GET', '/admin/models/models');
      expect(list.status).toBe(200);
      expect(list.body).toEqual({
        models: [
          {
            id: 'mini',
            name: 'gpt-4o-mini',
            provider: 'openai',
            description: 'cheap',
            priority: 1,
            tags: ['fast'],
            params: { temperature: 0.7 },
            enabled: false,
            updated_at: new Date(START + 1000).toISOString(),
          },
          expect.objectContaining({ id: 'a-model', priority: 2 }),
          {
            id: 'gpt-4o',
            name: 'gpt-4o',
            provider: 'openai',
            description: '',
            priority: 2,
            tags: [],
            params: {},
            enabled: true,
            updated_at: new Date(START).toISOString(),
          },
        ],
        total: 3,
      });
      // A save replaces the whole model: omitted fields go back to their defaults.
      await api('POST', '/admin/models/models/a-model', { body: { provider: 'openai', tags: ['x'] } });
      const again = await api<{ models: { id: string; priority: number; tags: string[] }[] }>(
        'GET',
        '/admin/models/models',
      );
      expect(again.body.models.find((m) => m.id === 'a-model')).toMatchObject({ priority: 0, tags: ['x'] });
    });

    it.each([
      [{ provider: 'nope' }, 'Provider 不存在: nope'],
      [{}, 'provider 不能为空'],
      [{ provider: '' }, 'provider 不能为空'],
      [{ provider: 'openai', id: 'other' }, 'id 与路径不一致: other ≠ m9'],
      [{ provider: 'openai', priority: 1.5 }, '字段 priority 无效: Expected integer, received float'],
    ])('refuses %o with 400 %s and writes nothing', async (body, message) => {
      const res = await api('POST', '/admin/models/models/m9', { body });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: message, errorType: 'validation_failed' });
      const list = await api<{ models: { id: string }[] }>('GET', '/admin/models/models');
      expect(list.body.models.map((m) => m.id)).not.toContain('m9');
    });

    it('answers 404 deleting an unknown model', async () => {
      const res = await api('DELETE', '/admin/models/models/nope');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: '模型不存在: nope', errorType: 'not_found' });
    });
  });

  describe('routing', () => {
    it('saves a rule of enabled models, lists it, and resolves it at once', async () => {
      clock.advance(1000);
      const saved = await api('POST', '/admin/models/routing/chat', {
        body: { purpose: 'chat', fallback_chain: ['gpt-4o', 'a-model'], required: true },
      });
      expect(saved.body).toEqual({ status: 'saved', purpose: 'chat' });
      const list = await api('GET', '/admin/models/routing');
      expect(list.body).toEqual({
        rules: [
          {
            purpose: 'chat',
            fallback_chain: ['gpt-4o', 'a-model'],
            required: true,
            updated_at: new Date(START + 2000).toISOString(),
          },
        ],
        total: 1,
      });
      expect(await gw.services.modelRouting.resolve('chat')).toEqual({
        purpose: 'chat',
        required: true,
        chain: [
          {
            modelId: 'gpt-4o',
            modelName: 'gpt-4o',
            params: {},
            provider: { name: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey: OPENAI_KEY },
          },
          {
            modelId: 'a-model',
            modelName: 'a-model',
            params: {},
            provider: { name: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey: OPENAI_KEY },
          },
        ],
      });
      expect(await gw.services.modelRouting.resolve('vision')).toBeUndefined();
    });

    it('a change is visible on the next resolve; a disabled model drops out of the chain', async () => {
      await api('POST', '/admin/models/routing/chat', { body: { fallback_chain: ['a-model', 'gpt-4o'] } });
      let route = await gw.services.modelRouting.resolve('chat');
      expect(route?.required).toBe(false);
      expect(route?.chain.map((m) => m.modelId)).toEqual(['a-model', 'gpt-4o']);

      await api('POST', '/admin/models/models/a-model', { body: { provider: 'openai', enabled: false } });
      route = await gw.services.modelRouting.resolve('chat');
      expect(route?.chain.map((m) => m.modelId)).toEqual(['gpt-4o']);
      await api('POST', '/admin/models/models/a-model', {
        body: { provider: 'openai', params: { top_p: 0.5 } },
      });
      route = await gw.services.modelRouting.resolve('chat');
      expect(route?.chain[0]).toMatchObject({ modelId: 'a-model', params: { top_p: 0.5 } });
    });

    it.each([
      [{ fallback_chain: ['mini'] }, '模型不存在或未启用: mini'],
      [{ fallback_chain: ['gpt-4o', 'ghost'] }, '模型不存在或未启用: ghost'],
      [{ fallback_chain: ['gpt-4o', 'gpt-4o'] }, 'fallback_chain 中有重复的模型: gpt-4o'],
      [{ fallback_chain: [] }, 'fallback_chain 至少需要一个模型'],
      [{}, 'fallback_chain 不能为空'],
      [{ fallback_chain: ['gpt-4o'], purpose: 'vision' }, 'purpose 与路径不一致: vision ≠ chat'],
    ])('refuses %o with 400 %s and keeps the rule as it was', async (body, message) => {
      const res = await api('POST', '/admin/models/routing/chat', { body });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: message, errorType: 'validation_failed' });
      const route = await gw.services.modelRouting.resolve('chat');
      expect(route?.chain.map((m) => m.modelId)).toEqual(['a-model', 'gpt-4o']);
    });

    it('refuses an unknown purpose with 400', async () => {
      const res = await api('POST', '/admin/models/routing/music', { body: { fallback_chain: ['gpt-4o'] } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: '用途无效,可选: chat|vision|embedding|stt|tts|briefing',
        errorType: 'validation_failed',
      });
    });

    it('deleting a model takes it out of every chain', async () => {
      await api('POST', '/admin/models/routing/briefing', {
        body: { fallback_chain: ['gpt-4o', 'a-model'] },
      });
      clock.advance(1000);
      expect((await api('DELETE', '/admin/models/models/gpt-4o')).body).toEqual({
        status: 'deleted',
        id: 'gpt-4o',
      });
      const list = await api('GET', '/admin/models/routing');
      expect(list.body).toEqual({
        rules: [
          expect.objectContaining({ purpose: 'briefing', fallback_chain: ['a-model'] }),
          {
            purpose: 'chat',
            fallback_chain: ['a-model'],
            required: false,
            updated_at: new Date(START + 3000).toISOString(),
          },
        ],
        total: 2,
      });
    });

    it('a rule saved through one instance resolves at once on another', async () => {
      const other = await startTestGateway({ clock, database: gw.database, log });
      try {
        await api('POST', '/admin/models/routing/embedding', {
          body: { fallback_chain: ['a-model'], required: true },
        });
        expect(await other.services.modelRouting.resolve('embedding')).toMatchObject({
          required: true,
          chain: [{ modelId: 'a-model' }],
        });
        await api('DELETE', '/admin/models/routing/embedding');
        expect(await other.services.modelRouting.resolve('embedding')).toBeUndefined();
      } finally {
        other.server.closeAllConnections();
        await new Promise((resolve) => other.server.close(resolve));
      }
    });

    it('deletes a rule, then answers 404', async () => {
      expect((await api('DELETE', '/admin/models/routing/briefing')).body).toEqual({
        status: 'deleted',
        purpose: 'briefing',
      });
      expect(await gw.services.modelRouting.resolve('briefing')).toBeUndefined();
      const again = await api('DELETE', '/admin/models/routing/briefing');
      expect(again.status).toBe(404);
      expect(again.body).toEqual({ error: '路由规则不存在: briefing', errorType: 'not_found' });
    });
  });

  it('never sent a key whole in any response, nor logged one', () => {
    expect(responses.length).toBeGreaterThan(30);
    for (const text of responses) {
      expect(text).not.toContain(OPENAI_KEY);
      expect(text).not.toContain(OTHER_KEY);
    }
    expect(lines.some((line) => line.includes('model provider saved'))).toBe(true);
    for (const line of lines) {
      expect(line).not.toContain(OPENAI_KEY);
      expect(line).not.toContain(OTHER_KEY);
    }
  });
});
