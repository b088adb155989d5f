import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  completionChunks,
  type FakeUpstream,
  sendJson,
  startFakeUpstream,
  startSse,
} from '../../../gateway/src/testing/fake-upstream';
import {
  type ConsoleE2E,
  type ConsolePage,
  PHONE,
  runsBrowserTests,
  startConsoleE2E,
} from '../../e2e/harness';

const KEY = 'sk-fake-provider-secret-5678';
const MASKED = 'sk-…5678';
const ANSWER = '来自测试供应商的回答';

/**
 * The administrator wires a model provider into the gateway through the console alone — provider,
 * model, routing — and the chat then answers from it. The provider is a fake OpenAI-compatible
 * server on loopback that answers only when it gets the key as a bearer token.
 */
describe.skipIf(!runsBrowserTests)('admin: providers, models, routing, sessions, clients', () => {
  let e2e: ConsoleE2E;
  let provider: FakeUpstream;

  beforeAll(async () => {
    provider = await startFakeUpstream(async (req, res) => {
      if (req.headers.authorization !== `Bearer ${KEY}`)
        return sendJson(res, 401, { error: { message: 'Incorrect API key provided' } });
      if (req.method === 'GET' && req.url === '/v1/models')
        return sendJson(res, 200, {
          object: 'list',
          data: [{ id: 'fake-chat-1', object: 'model', owned_by: 'tests' }],
        });
      if (req.method === 'POST' && req.url === '/v1/chat/completions') {
        startSse(res);
        res.end(completionChunks(['来自测试', '供应商的回答']));
        return;
      }
      return sendJson(res, 404, { error: 'no such path' });
    });
    e2e = await startConsoleE2E();
  });
  afterAll(async () => {
    await e2e?.close();
    await provider?.close();
  });

  const adminPage = async (path: string, viewport?: { width: number; height: number }) => {
    const page = await e2e.newPage(viewport ? { viewport } : undefined);
    // A step that cannot succeed fails with its locator well before the test's own timeout.
    page.setDefaultTimeout(10_000);
    await e2e.signIn(page);
    await page.goto(path);
    return page;
  };
  const chainOrder = (page: ConsolePage) =>
    page.getByRole('list', { name: '对话 (chat) 的备选顺序' }).locator('code').allTextContents();

  it('adds a provider with its key, and from then on shows the key only masked', async () => {
    const page = await adminPage('/admin/models');
    await page.getByRole('button', { name: '添加 Provider' }).click();
    const dialog = page.getByRole('dialog', { name: '添加 Provider' });
    await dialog.getByLabel('名称').fill('fake');
    await dialog.getByLabel('API 地址 (base_url)').fill(`${provider.url}/v1`);
    await dialog.getByLabel('API 密钥').fill(KEY);
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const item = page.getByRole('listitem', { name: 'fake' });
    await expect.poll(() => item.textContent()).toContain(MASKED);
    expect(await page.content()).not.toContain(KEY);

    // Editing: the key box starts empty and says that leaving it so keeps the stored key.
    await page.getByRole('button', { name: '编辑 fake', exact: true }).click();
    const edit = page.getByRole('dialog', { name: '编辑 Provider fake' });
    await expect.poll(() => edit.getByLabel('API 密钥').inputValue()).toBe('');
    await expect.poll(() => edit.textContent()).toContain(`留空则保留当前密钥 (${MASKED})`);
    await edit.getByRole('button', { name: '保存' }).click();
    await edit.waitFor({ state: 'hidden' });
    expect(await page.content()).not.toContain(KEY);

    // The key was kept: the health check reaches the provider with it.
    await page.getByRole('button', { name: '健康检查 fake' }).click();
    const result = page.getByRole('status', { name: '健康检查 fake' });
    await expect.poll(() => result.textContent()).toContain('连接正常');
    expect(await result.textContent()).toContain('Provider 配置已保存,连接测试请通过实际 LLM 调用验证');
    expect(provider.requests.at(-1)).toMatchObject({
      method: 'GET',
      url: '/v1/models',
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(page.problems).toEqual([]);
  });

  it('fetches the provider’s models and adds one as a model config', async () => {
    const page = await adminPage('/admin/models');
    await page.getByRole('button', { name: '获取 fake 的模型列表' }).click();
    const dialog = page.getByRole('dialog', { name: 'fake 的远程模型' });
    const url = dialog.getByLabel('模型列表地址');
    expect(await url.inputValue()).toBe(`${provider.url}/v1/models`);

    // Another origin is refused by the gateway (the key would go there); the reason is shown.
    await url.fill('http://127.0.0.2:9/v1/models');
    await dialog.getByRole('button', { name: '获取' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toContain('URL 必须与 Provider 的 base_url 同源');

    await url.fill(`${provider.url}/v1/models`);
    await dialog.getByRole('button', { name: '获取' }).click();
    await dialog.getByRole('button', { name: '将 fake-chat-1 添加为模型' }).click();

    const form = page.getByRole('dialog', { name: '添加模型' });
    expect(await form.getByLabel('ID', { exact: true }).inputValue()).toBe('fake-chat-1');
    expect(await form.getByLabel('上游模型名').inputValue()).toBe('fake-chat-1');
    expect(await form.getByLabel('Provider', { exact: true }).inputValue()).toBe('fake');
    await form.getByLabel('标签').fill('fast, test');
    await form.getByRole('button', { name: '保存' }).click();
    await form.waitFor({ state: 'hidden' });

    const row = page.getByRole('row', { name: 'fake-chat-1' });
    await expect.poll(() => row.textContent()).toContain('已启用');
    expect(await row.textContent()).toContain('fast');
  });

  it('adds a model by hand, checking its params as JSON before sending', async () => {
    const page = await adminPage('/admin/models');
    await page.getByRole('button', { name: '添加模型' }).click();
    const form = page.getByRole('dialog', { name: '添加模型' });
    await form.getByLabel('ID', { exact: true }).fill('backup-model');
    await form.getByLabel('上游模型名').fill('backup-upstream');
    await form.getByLabel('优先级').fill('5');
    const params = form.getByLabel('参数 (JSON)');
    await params.fill('{"temperature": 0.7,');
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('参数不是有效的 JSON');
    expect(await form.getByRole('button', { name: '保存' }).isDisabled()).toBe(true);
    await params.fill('[1, 2]');
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('参数必须是 JSON 对象');
    await params.fill('{"temperature": 0.7}');
    await form.getByRole('button', { name: '保存' }).click();
    await form.waitFor({ state: 'hidden' });

    const row = page.getByRole('row', { name: 'backup-model' });
    await expect.poll(() => row.textContent()).toContain('{"temperature":0.7}');
    expect(await row.textContent()).toContain('backup-upstream');

    // Disabling and enabling again.
    await page.getByRole('button', { name: '停用 backup-model' }).click();
    await expect.poll(() => row.textContent()).toContain('已停用');
    await page.getByRole('button', { name: '启用 backup-model' }).click();
    await expect.poll(() => row.textContent()).toContain('已启用');
    expect(page.problems).toEqual([]);
  });

  it('routes chat to the new model first, reordered with the keyboard', async () => {
    const page = await adminPage('/admin/routing');
    const chat = page.getByRole('form', { name: '对话 (chat)' });
    await chat.getByText('未配置').waitFor();
    const pick = chat.getByLabel('添加到 对话 (chat) 的模型');
    await pick.selectOption('backup-model');
    await chat.getByRole('button', { name: '添加', exact: true }).click();
    await pick.selectOption('fake-chat-1');
    await chat.getByRole('button', { name: '添加', exact: true }).click();
    await expect.poll(() => chainOrder(page)).toEqual(['backup-model', 'fake-chat-1']);

    const up = chat.getByRole('button', { name: '上移 fake-chat-1' });
    await up.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => chainOrder(page)).toEqual(['fake-chat-1', 'backup-model']);
    // At the top its up button is disabled, so the focus stays on the same item's down button.
    expect(await up.isDisabled()).toBe(true);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('下移 fake-chat-1');

    await chat.getByRole('button', { name: '保存 对话 (chat) 的路由' }).click();
    await expect.poll(() => chat.textContent()).toContain('更新于');
    await page.reload();
    await expect.poll(() => chainOrder(page)).toEqual(['fake-chat-1', 'backup-model']);
    expect(page.problems).toEqual([]);
  });

  it('chat answers from the provider the admin configured, which got the key as bearer', async () => {
    const page = await adminPage('/chat');
    await page.getByRole('button', { name: '新对话' }).click();
    await page.waitForURL(/\/chat\/session_/);
    await page.getByRole('textbox', { name: '输入消息' }).fill('你好,测试供应商');
    await page.getByRole('button', { name: '发送' }).click();
    await expect
      .poll(() => page.locator('[data-role="assistant"]').last().textContent(), { timeout: 15_000 })
      .toContain(ANSWER);
    const completion = provider.requests.find((r) => r.url === '/v1/chat/completions');
    expect(completion).toMatchObject({
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: { model: 'fake-chat-1', stream: true },
    });

    // Through the menu (the page, and so its WebSocket connection, stays): the live sessions
    // list this browser's connection, with the message it carried, and its details.
    await page.getByRole('link', { name: '活跃会话' }).click();
    const messageCounts = () => page.locator('tbody tr td:nth-child(5)').allTextContents();
    await expect.poll(async () => (await messageCounts()).some((count) => Number(count) > 0)).toBe(true);
    const chatted = (await messageCounts()).findIndex((count) => Number(count) > 0);
    const row = page.locator('tbody tr').nth(chatted);
    expect(await row.textContent()).toContain('admin');
    await row.getByRole('button', { name: /^会话 .* 的详情$/ }).click();
    const details = page.getByRole('dialog');
    await expect.poll(() => details.textContent()).toContain('Web console');
    const clientId = await page.evaluate(() => localStorage.getItem('cyrene.clientId') ?? '');
    expect(await details.textContent()).toContain(clientId);
  });

  it('refreshes the live sessions by itself when another console connects', async () => {
    const page = await adminPage('/admin/sessions');
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const before = await rows.count();
    const other = await adminPage('/admin/models');
    await other.getByRole('heading', { name: '模型与 Provider' }).waitFor();
    await expect.poll(() => rows.count(), { timeout: 12_000 }).toBeGreaterThan(before);

    await page.getByLabel('按用户分组').check();
    await page.getByRole('region', { name: 'admin' }).waitFor();
    expect(page.problems).toEqual([]);
  });

  it('lists this browser among the clients, online, and keeps a note on it', async () => {
    const page = await adminPage('/admin/clients');
    // The console's socket makes up this browser's client id when it first connects.
    const storedId = () => page.evaluate(() => localStorage.getItem('cyrene.clientId') ?? '');
    await expect.poll(storedId).toMatch(/^web_/);
    const clientId = await storedId();
    const row = page.getByRole('row', { name: clientId });
    await expect.poll(() => row.textContent()).toContain('Web console');
    expect(await row.textContent()).toContain('本浏览器');
    await row.getByRole('img', { name: '在线' }).waitFor();

    await row.getByRole('textbox', { name: `${clientId} 的备注` }).fill('测试用的浏览器');
    await row.getByRole('button', { name: `保存 ${clientId} 的备注` }).click();
    await page.getByRole('status').filter({ hasText: '备注已保存' }).waitFor();
    await page.reload();
    await expect
      .poll(() => page.getByRole('textbox', { name: `${clientId} 的备注` }).inputValue())
      .toBe('测试用的浏览器');

    // Filtering by another user shows none of the admin's clients.
    await page.getByLabel('按用户 ID 筛选').fill('nobody');
    await page.getByRole('button', { name: '筛选', exact: true }).click();
    await page.getByText('用户 nobody 还没有客户端。').waitFor();
    await page.getByRole('button', { name: '清除筛选' }).click();
    await page.getByRole('row', { name: clientId }).waitFor();
    expect(page.problems).toEqual([]);
  });

  it('fits a phone: routing and models without sideways scrolling of the page', async () => {
    for (const path of ['/admin/routing', '/admin/models', '/admin/clients']) {
      const page = await adminPage(path, PHONE);
      await page.locator('.admin-page h1').waitFor();
      await page.locator('.loading').first().waitFor({ state: 'detached' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    const page = await adminPage('/admin/routing', PHONE);
    const chat = page.getByRole('form', { name: '对话 (chat)' });
    const down = chat.getByRole('button', { name: '下移 fake-chat-1' });
    await down.scrollIntoViewIfNeeded();
    expect(await down.isVisible()).toBe(true);
    await down.click();
    await expect.poll(() => chainOrder(page)).toEqual(['backup-model', 'fake-chat-1']);
    expect(page.problems).toEqual([]);
  });
});
