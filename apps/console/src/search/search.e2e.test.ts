import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../gateway/src/testing/http';
import { signInTestAdmin } from '../../../gateway/src/testing/users';
import { type ConsoleE2E, PHONE, runsBrowserTests, startConsoleE2E } from '../../e2e/harness';

describe.skipIf(!runsBrowserTests)('message search', () => {
  let e2e: ConsoleE2E;
  beforeAll(async () => {
    e2e = await startConsoleE2E();
    const { url, services } = e2e.gateway;
    const token = (await signInTestAdmin(url)).token;
    for (const [session_id, title] of [
      ['s-weather', '天气闲聊'],
      ['s-misc', '杂项'],
    ]) {
      const res = await call(url, 'POST', '/api/v1/sessions', { token, body: { session_id, title } });
      expect(res.status).toBe(201);
    }
    // Messages are stored the way the chat path stores them (the WebSocket's handler calls this).
    const store = (sessionId: string, role: 'user' | 'assistant', content: string) =>
      services.sessions.appendMessage({ sessionId, userId: 'admin', role, content });
    await store('s-weather', 'user', '今天天气怎么样?明天的天气呢?');
    await store('s-weather', 'assistant', '今天晴。');
    await store('s-misc', 'user', '<b>天气</b> in markup, Hello and HELLO');
  });
  afterAll(() => e2e?.close());

  it('on a phone: finds a Chinese word, marks every occurrence, keeps the query in the URL, opens the chat', async () => {
    const page = await e2e.newPage({ viewport: PHONE });
    await e2e.signIn(page);
    await page.goto('/search');
    await page.getByText('输入关键词开始搜索。').waitFor();

    await page.getByLabel('关键词').fill('天气');
    await page.getByLabel('关键词').press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === '天气');
    const results = page.getByRole('region', { name: '搜索结果' });
    await expect.poll(() => results.getByRole('listitem').count()).toBe(2);
    await results.getByText('共 2 条结果').waitFor();

    const weather = results.getByRole('listitem').filter({ hasText: '天气闲聊' });
    expect(await weather.locator('mark').allTextContents()).toEqual(['天气', '天气']);
    expect(await weather.textContent()).toContain('用户');

    // Markup in a message is shown as text, never run or rendered.
    const markup = results.getByRole('listitem').filter({ hasText: '杂项' });
    expect(await markup.locator('b').count()).toBe(0);
    expect(await markup.textContent()).toContain('<b>天气</b> in markup');
    expect(await markup.locator('mark').allTextContents()).toEqual(['天气']);

    // The page is its URL: a reload shows the same results.
    await page.reload();
    await expect.poll(() => page.getByRole('region', { name: '搜索结果' }).locator('mark').count()).toBe(3);
    expect(await page.getByLabel('关键词').inputValue()).toBe('天气');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    expect(page.problems).toEqual([]);

    await page.getByRole('link', { name: '天气闲聊' }).click();
    await page.waitForURL('**/chat/s-weather');
  });

  it('matches case-insensitively, and going back returns to the earlier search', async () => {
    const page = await e2e.newPage();
    await e2e.signIn(page);
    await page.goto('/search?q=hello');
    const results = page.getByRole('region', { name: '搜索结果' });
    await expect.poll(() => results.locator('mark').allTextContents()).toEqual(['Hello', 'HELLO']);

    await page.getByLabel('关键词').fill('不存在的词');
    await page.getByLabel('关键词').press('Enter');
    await page.getByText('没有找到包含“不存在的词”的消息。').waitFor();
    await page.goBack();
    await expect.poll(() => results.locator('mark').count()).toBe(2);
    expect(await page.getByLabel('关键词').inputValue()).toBe('hello');
  });
});
