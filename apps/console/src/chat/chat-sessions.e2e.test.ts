import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAiCore } from '../../../gateway/src/testing/fake-ai-core';
import { call } from '../../../gateway/src/testing/http';
import { registerTestUser, signInTestAdmin } from '../../../gateway/src/testing/users';
import { type ConsoleE2E, runsBrowserTests, startConsoleE2E } from '../../e2e/harness';

describe.skipIf(!runsBrowserTests)('chat sessions', () => {
  let core: FakeAiCore;
  let e2e: ConsoleE2E;
  beforeAll(async () => {
    core = await FakeAiCore.start();
    core.script = { deltas: ['已记下'] };
    e2e = await startConsoleE2E({ env: { AI_CORE_URL: core.url } });
  });
  afterAll(async () => {
    await e2e?.close();
    await core?.close();
  });

  it('renames, exports, clears and deletes a session', async () => {
    const page = await e2e.newPage();
    await e2e.signIn(page);
    await page.getByRole('button', { name: '新对话' }).click();
    await page.waitForURL(/\/chat\/session_/);
    const sessionId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const box = page.getByRole('textbox', { name: '输入消息' });
    await box.fill('记住我的航班');
    await expect.poll(() => page.getByRole('button', { name: '发送' }).isEnabled()).toBe(true);
    await box.press('Enter');
    await expect
      .poll(() => page.locator('[data-role="assistant"]').last().getAttribute('data-message-id'))
      .toMatch(/^\d+$/);

    // Rename
    await page.getByRole('button', { name: '重命名' }).click();
    const dialog = page.getByRole('dialog', { name: '重命名会话' });
    await dialog.getByLabel('标题').fill('  旅行计划  ');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: '旅行计划' }).waitFor();
    await page.getByRole('link', { name: /旅行计划/ }).waitFor();
    expect(await dialog.isVisible()).toBe(false);

    // Export as Markdown: the browser downloads the file under the session's title.
    await page.getByLabel('导出格式').selectOption('markdown');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('旅行计划.md');
    const markdown = await readFile(await download.path(), 'utf8');
    expect(markdown).toContain('# 旅行计划');
    expect(markdown).toContain('记住我的航班');
    expect(markdown).toContain('已记下');

    await page.getByLabel('导出格式').selectOption('json');
    const [jsonDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出' }).click(),
    ]);
    expect(jsonDownload.suggestedFilename()).toBe('旅行计划.json');
    const exported = JSON.parse(await readFile(await jsonDownload.path(), 'utf8'));
    expect(exported.session).toMatchObject({ id: sessionId, title: '旅行计划' });
    expect(exported.messages.map((m: { content: string }) => m.content)).toEqual(['记住我的航班', '已记下']);

    // Clear the messages: asks once more, then the session is empty but stays.
    await page.getByRole('button', { name: '清空消息' }).click();
    await page.getByRole('button', { name: '确认清空?' }).click();
    await page.getByText('还没有消息。').waitFor();
    expect(await page.locator('[data-role]').count()).toBe(0);

    // Delete: asks once more, then back to the list without it.
    await page.getByRole('button', { name: '删除会话' }).click();
    await page.getByRole('button', { name: '确认删除?' }).click();
    await page.waitForURL((u) => u.pathname === '/chat');
    await expect.poll(() => page.getByRole('link', { name: /旅行计划/ }).count()).toBe(0);
    const gone = await call(e2e.gateway.url, 'GET', `/api/v1/sessions/${sessionId}`, {
      token: (await signInTestAdmin(e2e.gateway.url)).token,
    });
    expect(gone.status).toBe(404);
    expect(page.problems).toEqual([]);
  });

  it('pages back through a long history, and shows each kind of message as such', async () => {
    const token = (await signInTestAdmin(e2e.gateway.url)).token;
    const created = await call<{ id: string }>(e2e.gateway.url, 'POST', '/api/v1/sessions', {
      token,
      body: { session_id: 'long-history', title: '很长的历史' },
    });
    expect(created.status).toBe(201);
    const store = (role: 'user' | 'assistant' | 'system' | 'action', content: string) =>
      e2e.gateway.services.sessions.appendMessage({
        sessionId: 'long-history',
        userId: 'admin',
        role,
        content,
      });
    for (let i = 1; i <= 34; i++) await store(i % 2 ? 'user' : 'assistant', `第 ${i} 条`);
    await store('action', '已创建提醒');
    await store('system', '系统提示');
    await store('assistant', '见 [文档](https://example.com/docs) 与 <b>不是 HTML</b>');

    const page = await e2e.newPage();
    await e2e.signIn(page);
    await page.goto('/chat/long-history');
    await page.getByRole('heading', { name: '很长的历史' }).waitFor();
    await expect.poll(() => page.locator('[data-role]').count()).toBe(30);
    expect(await page.getByText('第 1 条', { exact: true }).count()).toBe(0);

    await page.getByRole('button', { name: '加载更早的消息' }).click();
    await page.getByText('第 1 条', { exact: true }).waitFor();
    expect(await page.locator('[data-role]').count()).toBe(37);
    await expect.poll(() => page.getByRole('button', { name: '加载更早的消息' }).count()).toBe(0);

    expect(await page.locator('[data-role="action"]').textContent()).toContain('已创建提醒');
    expect(await page.locator('[data-role="system"]').textContent()).toContain('系统提示');
    const link = page.getByRole('link', { name: '文档', exact: true });
    expect(await link.getAttribute('href')).toBe('https://example.com/docs');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noreferrer noopener');
    // Raw HTML in a message stays text.
    const last = page.locator('[data-role="assistant"]').last();
    expect(await last.locator('b').count()).toBe(0);
    expect(await last.textContent()).toContain('<b>不是 HTML</b>');
    expect(page.problems).toEqual([]);
  });

  it('shows a user their sessions and messages, and a note instead of the composer', async () => {
    const bob = await registerTestUser(e2e.gateway.url, 'bob');
    const created = await call<{ id: string }>(e2e.gateway.url, 'POST', '/api/v1/sessions', {
      token: bob.token,
      body: { title: 'Bob 的笔记' },
    });
    expect(created.status).toBe(201);

    const page = await e2e.newPage();
    await e2e.signIn(page, { username: 'bob', password: 'secret-bob' });
    await page.getByRole('link', { name: /Bob 的笔记/ }).click();
    await page.getByRole('heading', { name: 'Bob 的笔记' }).waitFor();
    await page.getByText('实时对话仅对管理员开放').waitFor();
    expect(await page.getByRole('textbox', { name: '输入消息' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '发送' }).count()).toBe(0);
    expect(page.problems).toEqual([]);
  });

  it('an unknown session shows the gateway’s 404 in its words', async () => {
    const page = await e2e.newPage();
    await e2e.signIn(page);
    await page.goto('/chat/no-such-session');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('会话不存在');
  });
});
