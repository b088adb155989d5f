import type { Reminder } from '@cyrene/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../gateway/src/testing/http';
import { signInTestAdmin } from '../../../gateway/src/testing/users';
import {
  type ConsoleE2E,
  type ConsolePage,
  PHONE,
  runsBrowserTests,
  startConsoleE2E,
} from '../../e2e/harness';

/** `seconds` from now as a datetime-local value, in the browser's own time zone. */
function localInputIn(page: ConsolePage, seconds: number): Promise<string> {
  return page.evaluate((s) => {
    const d = new Date(Date.now() + s * 1000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, seconds);
}

describe.skipIf(!runsBrowserTests)('reminders', () => {
  let e2e: ConsoleE2E;
  let adminToken: string;
  beforeAll(async () => {
    // The job runner looks for due reminders every 200 ms, so one due in seconds fires on time.
    e2e = await startConsoleE2E({ env: { JOB_POLL_MS: '200' } });
    adminToken = (await signInTestAdmin(e2e.gateway.url)).token;
  });
  afterAll(() => e2e?.close());

  const seed = async (title: string) => {
    const remind_at = new Date(Date.now() + 24 * 3600_000).toISOString();
    const res = await call<{ reminder: Reminder }>(e2e.gateway.url, 'POST', '/api/v1/reminders', {
      token: adminToken,
      body: { title, remind_at },
    });
    expect(res.status).toBe(201);
    return res.body.reminder;
  };
  const statusOf = async (id: string) => {
    const res = await call<{ reminders: Reminder[] }>(e2e.gateway.url, 'GET', '/api/v1/reminders?limit=200', {
      token: adminToken,
    });
    return res.body.reminders.find((r) => r.id === id)?.status ?? 'gone';
  };

  it('a reminder created in the form fires on time: a toast, the bell and the list update live', async () => {
    const page = await e2e.newPage();
    await e2e.signIn(page);
    await page.goto('/reminders');
    await page.getByRole('status', { name: '实时连接正常' }).waitFor();
    await page.getByRole('link', { name: '通知:0 条未读', exact: true }).waitFor();

    await page.getByRole('button', { name: '新建提醒' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('标题').fill('喝一杯水');
    await dialog.getByLabel('描述').fill('起来走走,喝杯水');
    await dialog.getByLabel('提醒时间').fill(await localInputIn(page, 5));
    await dialog.getByRole('button', { name: '新建提醒' }).click();

    const toasts = page.getByRole('region', { name: '提示' });
    await toasts.getByRole('status').filter({ hasText: '提醒已创建' }).waitFor();
    const item = page.getByRole('listitem').filter({ hasText: '喝一杯水' });
    await item.getByText('待提醒').waitFor();
    await item.getByText('未通知').waitFor();
    // Not yet due: nothing has come in.
    await page.getByRole('link', { name: '通知:0 条未读', exact: true }).waitFor();

    // Due: the gateway's job runner fires it and the notification comes over the WebSocket.
    await toasts.getByRole('status').filter({ hasText: '起来走走,喝杯水' }).waitFor({ timeout: 15_000 });
    await page.getByRole('link', { name: '通知:1 条未读', exact: true }).waitFor();
    await item.getByText('已通知').waitFor();

    await page.getByRole('link', { name: '通知:1 条未读', exact: true }).click();
    await page.waitForURL('**/notifications');
    const note = page.getByRole('listitem').filter({ hasText: '起来走走,喝杯水' });
    await note.getByText('提醒', { exact: true }).waitFor();
    await note.getByText('未读', { exact: true }).waitFor();
    await note.getByRole('button', { name: '标记已读' }).click();
    await page.getByRole('link', { name: '通知:0 条未读', exact: true }).waitFor();
    await note.getByText(/^已读于/).waitFor();
    expect(page.problems).toEqual([]);
  });

  it('on a phone: complete, cancel, edit, delete, and filter by status', async () => {
    const milk = await seed('买牛奶');
    const report = await seed('写周报');
    const bill = await seed('交电费');
    const page = await e2e.newPage({ viewport: PHONE });
    await e2e.signIn(page);
    await page.goto('/reminders');
    const item = (title: string) => page.getByRole('main').getByRole('listitem').filter({ hasText: title });

    await item('买牛奶').getByRole('button', { name: '完成' }).click();
    await item('买牛奶').getByText('已完成').waitFor();
    await item('写周报').getByRole('button', { name: '取消提醒' }).click();
    await item('写周报').getByText('已取消').waitFor();
    expect(await statusOf(milk.id)).toBe('completed');
    expect(await statusOf(report.id)).toBe('cancelled');

    await item('交电费').getByRole('button', { name: '编辑' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('标题').fill('交水电费');
    await dialog.getByLabel('重复').selectOption('monthly');
    await dialog.getByRole('button', { name: '保存' }).click();
    await item('交水电费').getByText('每月').waitFor();

    await page.getByLabel('状态').selectOption('completed');
    await expect.poll(() => page.getByRole('main').getByRole('listitem').allTextContents()).toHaveLength(1);
    await item('买牛奶').waitFor();
    await page.getByLabel('状态').selectOption('');

    await item('交水电费').getByRole('button', { name: '删除' }).click();
    await item('交水电费').getByRole('button', { name: '确认删除?' }).click();
    await item('交水电费').waitFor({ state: 'detached' });
    expect(await statusOf(bill.id)).toBe('gone');
    // Nothing sticks out sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(page.problems).toEqual([]);
  });
});
