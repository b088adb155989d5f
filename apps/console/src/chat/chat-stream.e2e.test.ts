import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAiCore } from '../../../gateway/src/testing/fake-ai-core';
import {
  type ConsoleE2E,
  type ConsolePage,
  PHONE,
  runsBrowserTests,
  startConsoleE2E,
} from '../../e2e/harness';

describe.skipIf(!runsBrowserTests)('chatting with the assistant', () => {
  let core: FakeAiCore;
  let e2e: ConsoleE2E;
  beforeAll(async () => {
    core = await FakeAiCore.start();
    e2e = await startConsoleE2E({ env: { AI_CORE_URL: core.url } });
  });
  afterAll(async () => {
    await e2e?.close();
    await core?.close();
  });

  /** The admin, signed in, in a new session. */
  async function newChat(page: ConsolePage) {
    await e2e.signIn(page);
    await page.getByRole('button', { name: '新对话' }).click();
    await page.waitForURL(/\/chat\/session_/);
    await page.getByRole('heading', { name: '新的对话' }).waitFor();
  }

  const box = (page: ConsolePage) => page.getByRole('textbox', { name: '输入消息' });
  const lastAnswer = (page: ConsolePage) => page.locator('[data-role="assistant"]').last();
  const answerText = (page: ConsolePage) => lastAnswer(page).locator('.chat-markdown').textContent();

  async function send(page: ConsolePage, text: string) {
    await box(page).fill(text);
    await expect.poll(() => page.getByRole('button', { name: '发送' }).isEnabled()).toBe(true);
    await box(page).press('Enter');
  }

  it('streams the answer in as Markdown, and the conversation is still there after a reload', async () => {
    core.script = { deltas: ['这是', '**加粗**', '的回答'], holdAfter: 2 };
    const page = await e2e.newPage();
    await newChat(page);
    expect(await page.getByRole('button', { name: '发送' }).isDisabled()).toBe(true);

    await send(page, '你好');
    // The question shows at once and the box is empty again.
    await expect.poll(() => page.locator('[data-role="user"]').last().textContent()).toContain('你好');
    expect(await box(page).inputValue()).toBe('');
    // Part of the answer, still being written.
    await expect.poll(() => answerText(page)).toBe('这是加粗');
    expect(await lastAnswer(page).getAttribute('aria-busy')).toBe('true');
    expect(await lastAnswer(page).locator('strong').textContent()).toBe('加粗');

    core.release();
    await expect.poll(() => answerText(page)).toBe('这是加粗的回答');
    // Once stored, the bubbles carry the gateway's message ids.
    await expect.poll(() => lastAnswer(page).getAttribute('data-message-id')).toMatch(/^\d+$/);
    expect(await lastAnswer(page).getAttribute('aria-busy')).toBeNull();

    await page.reload();
    await expect.poll(() => answerText(page)).toBe('这是加粗的回答');
    expect(await page.locator('[data-role="user"]').allTextContents()).toEqual([
      expect.stringContaining('你好'),
    ]);
    expect(await page.locator('[data-role="assistant"]').count()).toBe(1);
    expect(page.problems).toEqual([]);
  });

  it('a second tab on the same session sees the reply stream in too', async () => {
    core.script = { deltas: ['两边', '都能', '看到'], holdAfter: 1 };
    const first = await e2e.newPage();
    await newChat(first);
    const second = await e2e.newPage();
    await e2e.signIn(second);
    await second.goto(new URL(first.url()).pathname);
    await second.getByRole('heading', { name: '新的对话' }).waitFor();
    // Ready once the send button would work there (the tab follows the session by then).
    await box(second).fill('x');
    await expect.poll(() => second.getByRole('button', { name: '发送' }).isEnabled()).toBe(true);
    await box(second).fill('');

    await send(first, '同步一下');
    await expect.poll(() => answerText(second)).toBe('两边');
    core.release();
    await expect.poll(() => answerText(second)).toBe('两边都能看到');
    await expect.poll(() => second.locator('[data-role="user"]').last().textContent()).toContain('同步一下');
    await expect.poll(() => lastAnswer(second).getAttribute('data-message-id')).toMatch(/^\d+$/);
    expect(await second.locator('[data-role="assistant"]').count()).toBe(1);
    await expect.poll(() => answerText(first)).toBe('两边都能看到');
    expect(second.problems).toEqual([]);
  });

  it('a tab opened while a reply is being written picks it up where it is', async () => {
    core.script = { deltas: ['已经', '写了', '一半'], holdAfter: 2 };
    const first = await e2e.newPage();
    await newChat(first);
    await send(first, '慢慢来');
    await expect.poll(() => answerText(first)).toBe('已经写了');

    const late = await e2e.newPage();
    await e2e.signIn(late);
    await late.goto(new URL(first.url()).pathname);
    await expect.poll(() => answerText(late)).toBe('已经写了');
    core.release();
    await expect.poll(() => answerText(late)).toBe('已经写了一半');
    await expect.poll(() => lastAnswer(late).getAttribute('data-message-id')).toMatch(/^\d+$/);
    expect(await late.locator('[data-role="assistant"]').count()).toBe(1);
    expect(await late.locator('[data-role="user"]').count()).toBe(1);
  });

  it('Shift+Enter adds a line instead of sending', async () => {
    core.script = { deltas: ['好的'] };
    const page = await e2e.newPage();
    await newChat(page);
    await box(page).fill('第一行');
    await box(page).press('Shift+Enter');
    await box(page).pressSequentially('第二行');
    expect(await box(page).inputValue()).toBe('第一行\n第二行');
    expect(await page.locator('[data-role="user"]').count()).toBe(0);
    await page.getByRole('button', { name: '发送' }).click();
    await expect.poll(() => answerText(page)).toBe('好的');
  });

  it('shows the reconnect, then the reply goes on where it was, every chunk once', async () => {
    core.script = { deltas: ['第一段,', '第二段,', '第三段。'], holdAfter: 1 };
    const page = await e2e.newPage();
    await newChat(page);
    await send(page, '讲个故事');
    await expect.poll(() => answerText(page)).toBe('第一段,');

    e2e.network.cut();
    try {
      // The page's own banner (the top bar's dot says "reconnecting" too, in fewer words).
      const banner = page.getByRole('status').filter({ hasText: '回复会在恢复后继续' });
      await banner.waitFor();
      // The reply finishes on the gateway (and is stored) while this page is offline.
      core.release();
      const whole = '第一段,第二段,第三段。';
      const stored = async () =>
        (
          await sql<{ n: number }>`select count(*)::int as n from messages where content = ${whole}`.execute(
            e2e.gateway.database.db,
          )
        ).rows[0]?.n;
      await expect.poll(stored).toBe(1);
      expect(await answerText(page)).toBe('第一段,');
    } finally {
      e2e.network.restore();
    }
    await expect.poll(() => answerText(page), { timeout: 15_000 }).toBe('第一段,第二段,第三段。');
    await page.getByRole('status').filter({ hasText: '回复会在恢复后继续' }).waitFor({ state: 'detached' });
    await expect.poll(() => lastAnswer(page).getAttribute('data-message-id')).toMatch(/^\d+$/);
    expect(await page.locator('[data-role="assistant"]').count()).toBe(1);
    expect(await answerText(page)).toBe('第一段,第二段,第三段。');
  });

  it("shows the gateway's error in the reply when AI-Core is down, and retry asks again", async () => {
    core.script = { deltas: [], status: 503 };
    const page = await e2e.newPage();
    await newChat(page);
    await send(page, '在吗');
    const alert = lastAnswer(page).getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 20_000 }).toContain('AI 服务暂不可用');

    core.script = { deltas: ['在的'] };
    await alert.getByRole('button', { name: '重试' }).click();
    await expect.poll(() => answerText(page)).toBe('在的');
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('works on a phone: the list folds away, the composer fits the screen', async () => {
    core.script = { deltas: ['手机', '上也行'] };
    const page = await e2e.newPage({ viewport: PHONE });
    await e2e.signIn(page);
    await page.getByRole('button', { name: '新对话' }).click();
    await page.waitForURL(/\/chat\/session_/);
    // Folded: the conversation gets the screen; the list is one tap away.
    const toggle = page.getByRole('button', { name: '显示会话列表' });
    await toggle.waitFor();
    expect(await page.getByRole('link', { name: /新的对话/ }).isVisible()).toBe(false);

    const input = await box(page).boundingBox();
    const sendButton = await page.getByRole('button', { name: '发送' }).boundingBox();
    expect(input && sendButton).toBeTruthy();
    if (input && sendButton) {
      expect(input.x).toBeGreaterThanOrEqual(0);
      expect(sendButton.x + sendButton.width).toBeLessThanOrEqual(PHONE.width);
      expect(input.y + input.height).toBeLessThanOrEqual(PHONE.height);
    }
    await send(page, '手机测试');
    await expect.poll(() => answerText(page)).toBe('手机上也行');
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // Picking a session (even the open one) folds the list away again.
    await toggle.click();
    await page
      .getByRole('link', { name: /新的对话/ })
      .first()
      .click();
    await page.getByRole('button', { name: '显示会话列表' }).waitFor();
    expect(page.problems).toEqual([]);
  });
});
