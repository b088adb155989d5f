import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleE2E, runsBrowserTests, startConsoleE2E } from '../../e2e/harness';

describe.skipIf(!runsBrowserTests)('briefings', () => {
  let e2e: ConsoleE2E;
  beforeAll(async () => {
    // No chat engine, weather or news configured: a briefing still comes, with a fallback summary.
    e2e = await startConsoleE2E();
  });
  afterAll(() => e2e?.close());

  it("says when there is no briefing yet, generates one now, and keeps the user's schedule", async () => {
    const page = await e2e.newPage();
    await e2e.signIn(page);
    await page.goto('/briefings');
    const today = page.getByRole('region', { name: '今日简报' });
    await today.getByText('当日简报尚未生成').waitFor();
    await page.getByRole('region', { name: '最近简报' }).getByText('还没有生成过简报。').waitFor();

    await today.getByRole('button', { name: '立即生成' }).click();
    await page.getByRole('region', { name: '提示' }).getByText('简报已生成并推送').waitFor();
    await today.getByText('回退摘要').waitFor();
    await today.getByText('已推送', { exact: true }).waitFor();
    // It was pushed: the admin's live connection brings it in as a notification too.
    await page.getByRole('link', { name: '通知:1 条未读', exact: true }).waitFor();
    await today.getByText('未配置天气来源').waitFor();
    await today.getByText('没有新闻').waitFor();
    expect(await today.locator('.briefings-summary').textContent()).not.toBe('');
    const latest = page.getByRole('region', { name: '最近简报' });
    await latest.getByText(/^\d{4}-\d{2}-\d{2} 的简报$/).click();
    await latest.getByText('回退摘要').waitFor();

    const settings = page.getByRole('region', { name: '简报设置' });
    await expect(settings.getByLabel('生成时间').inputValue()).resolves.toBe('08:00');
    await expect(settings.getByLabel('时区').inputValue()).resolves.toBe('UTC');
    await settings.getByLabel('每天自动生成并推送').uncheck();
    await settings.getByLabel('生成时间').fill('07:30');
    await settings.getByLabel('时区').fill('Asia/Shanghai');
    await settings.getByRole('button', { name: '保存设置' }).click();
    await page.getByRole('region', { name: '提示' }).getByText('简报设置已保存').waitFor();
    await page.reload();
    await expect(settings.getByLabel('生成时间').inputValue()).resolves.toBe('07:30');
    await expect(settings.getByLabel('时区').inputValue()).resolves.toBe('Asia/Shanghai');
    await expect(settings.getByLabel('每天自动生成并推送').isChecked()).resolves.toBe(false);

    // The gateway's words for a zone it does not know.
    await settings.getByLabel('时区').fill('Mars/Olympus');
    await settings.getByRole('button', { name: '保存设置' }).click();
    await expect.poll(() => settings.getByRole('alert').textContent()).toContain('时区无效');
    expect(page.problems.filter((p) => !p.includes('400'))).toEqual([]);
  });
});
