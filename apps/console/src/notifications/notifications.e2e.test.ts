import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../gateway/src/testing/http';
import { registerTestUser, signInTestAdmin } from '../../../gateway/src/testing/users';
import { type ConsoleE2E, runsBrowserTests, startConsoleE2E } from '../../e2e/harness';

describe.skipIf(!runsBrowserTests)('notifications', () => {
  let e2e: ConsoleE2E;
  beforeAll(async () => {
    e2e = await startConsoleE2E();
  });
  afterAll(() => e2e?.close());

  it('a user without the WebSocket gets what the admin pushes as a toast by polling, then marks all read', async () => {
    const nora = await registerTestUser(e2e.gateway.url, 'nora');
    const page = await e2e.newPage();
    // The first poll is the baseline: what is there already is not announced.
    const firstPoll = page.waitForResponse((r) => r.url().includes('/api/v1/notifications?limit=50'));
    await e2e.signIn(page, { username: 'nora', password: 'secret-nora' });
    await page.goto('/notifications');
    await firstPoll;
    await page.getByText('实时连接仅对管理员开放:新通知每 20 秒检查一次。').waitFor();
    await page.getByText('还没有通知。').waitFor();
    await page.getByRole('link', { name: '通知:0 条未读', exact: true }).waitFor();

    const adminToken = (await signInTestAdmin(e2e.gateway.url)).token;
    for (const title of ['今晚维护', '维护已完成']) {
      const pushed = await call(e2e.gateway.url, 'POST', '/api/v1/notifications/push', {
        token: adminToken,
        body: { user_id: nora.userId, type: 'warning', title, body: `${title}:22:00-23:00` },
      });
      expect(pushed.status).toBe(200);
    }

    // The next poll (at most 20 s away) finds both and says so, without a reload.
    const toasts = page.getByRole('region', { name: '提示' });
    await toasts.getByRole('status').filter({ hasText: '今晚维护' }).waitFor({ timeout: 25_000 });
    await toasts.getByRole('status').filter({ hasText: '维护已完成' }).waitFor();
    await page.getByRole('link', { name: '通知:2 条未读', exact: true }).waitFor();
    const list = page.getByRole('main').getByRole('listitem');
    await expect.poll(() => list.count()).toBe(2);
    await list.filter({ hasText: '今晚维护:22:00-23:00' }).getByText('警告').waitFor();

    await page.getByRole('button', { name: '全部标记已读' }).click();
    await toasts.getByRole('status').filter({ hasText: '已将 2 条通知标记为已读' }).waitFor();
    await page.getByRole('link', { name: '通知:0 条未读', exact: true }).waitFor();
    await expect.poll(() => list.getByText('未读', { exact: true }).count()).toBe(0);
    await expect(page.getByRole('button', { name: '全部标记已读' }).isDisabled()).resolves.toBe(true);
    // No admin form for a user.
    expect(await page.getByRole('heading', { name: '推送通知' }).count()).toBe(0);
    expect(page.problems).toEqual([]);
  }, 60_000);

  it('the admin pushes through the form: to themself it arrives live, to a user it waits in their outbox', async () => {
    const olga = await registerTestUser(e2e.gateway.url, 'olga');
    const page = await e2e.newPage();
    await e2e.signIn(page);
    await page.goto('/notifications');
    await page.getByRole('status', { name: '实时连接正常' }).waitFor();
    await page.getByText('新通知会通过实时连接即时送达。').waitFor();

    await page.getByLabel('类型').selectOption('success');
    await page.getByLabel('标题').fill('构建完成');
    await page.getByLabel('内容').fill('全部测试通过');
    await page.getByRole('button', { name: '推送', exact: true }).click();
    const toasts = page.getByRole('region', { name: '提示' });
    await toasts.getByRole('status').filter({ hasText: '通知已推送' }).waitFor();
    await toasts.getByRole('status').filter({ hasText: '全部测试通过' }).waitFor();
    await page.getByRole('link', { name: '通知:1 条未读', exact: true }).waitFor();
    const mine = page.getByRole('main').getByRole('listitem').filter({ hasText: '全部测试通过' });
    await mine.getByText('成功', { exact: true }).waitFor();
    await mine.getByRole('button', { name: '标记已读' }).click();
    await page.getByRole('link', { name: '通知:0 条未读', exact: true }).waitFor();

    await page.getByLabel('用户 ID').fill(olga.userId);
    await page.getByLabel('标题').fill('欢迎');
    await page.getByLabel('内容').fill('欢迎使用 Cyrene');
    await page.getByRole('button', { name: '推送', exact: true }).click();
    await toasts.getByRole('status').filter({ hasText: '通知已保存,接收者当前不在线' }).waitFor();
    const outbox = await call<{ notifications: { title: string }[] }>(
      e2e.gateway.url,
      'GET',
      '/api/v1/notifications',
      {
        token: olga.token,
      },
    );
    expect(outbox.body.notifications.map((n) => n.title)).toEqual(['欢迎']);

    // The gateway's own words for an unknown recipient.
    await page.getByLabel('用户 ID').fill('user_nobody');
    await page.getByLabel('标题').fill('无人');
    await page.getByLabel('内容').fill('无人接收');
    await page.getByRole('button', { name: '推送', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('用户不存在');
    expect(page.problems.filter((p) => !p.includes('404'))).toEqual([]);
  });
});
