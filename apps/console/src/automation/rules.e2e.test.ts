import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInTestAdmin } from '../../../gateway/src/testing/users';
import { type ConsoleE2E, type ConsolePage, runsBrowserTests, startConsoleE2E } from '../../e2e/harness';
import { automationApi, descriptionOf } from './e2e-seed';

describe.skipIf(!runsBrowserTests)('automation rules', () => {
  let e2e: ConsoleE2E;
  let api: ReturnType<typeof automationApi>;
  beforeAll(async () => {
    e2e = await startConsoleE2E();
    api = automationApi(e2e.gateway.url, (await signInTestAdmin(e2e.gateway.url)).token);
  });
  afterAll(() => e2e?.close());

  const signedIn = async (): Promise<ConsolePage> => {
    const page = await e2e.newPage();
    await e2e.signIn(page);
    return page;
  };

  it('creates a manual rule with a notify action through the form, lists it, runs it and shows the successful run', async () => {
    const page = await signedIn();
    await page.goto('/automation');
    await page.getByText('还没有规则').waitFor();
    await page.getByRole('link', { name: '新建规则' }).click();

    await page.getByLabel('名称').fill('Morning ping');
    await page.getByLabel('描述').fill('Says hello');
    expect(await page.getByLabel('触发类型').inputValue()).toBe('manual');
    // The trigger types and action kinds offered are the contract's.
    expect(
      await page
        .getByLabel('触发类型')
        .locator('option')
        .evaluateAll((os) => os.map((o) => o.getAttribute('value'))),
    ).toEqual(['manual', 'schedule', 'time', 'webhook', 'event']);
    expect(
      await page
        .getByLabel('动作类型 1')
        .locator('option')
        .evaluateAll((os) => os.map((o) => o.getAttribute('value'))),
    ).toEqual(['notify', 'chat', 'http', 'scene', 'reminder']);
    await page.getByLabel('通知标题').fill('Good morning from a rule');
    await page.getByLabel('通知内容').fill('The rule ran.');
    await page.getByRole('button', { name: '创建规则' }).click();

    await page.waitForURL(/\/automation\/rules\/[0-9a-f]{32}$/);
    const runs = page.getByRole('region', { name: '运行记录' });
    await runs.getByText('还没有运行记录。').waitFor();

    await page.getByRole('link', { name: '返回自动化' }).click();
    const row = page.getByRole('row', { name: /Morning ping/ });
    await row.getByText('手动').waitFor();
    await row.getByText('从未运行').waitFor();
    await row.getByRole('button', { name: '运行规则 Morning ping' }).click();
    await page.getByRole('status').filter({ hasText: '规则已触发' }).waitFor();

    await row.getByRole('link', { name: 'Morning ping' }).click();
    await runs.locator('[data-run-status="succeeded"]').getByText('成功').first().waitFor();
    await runs.getByText('发送通知').waitFor();
    await runs.getByText('手动').waitFor();
    // The notify action did what it says: the admin, who has the live connection, sees it pop up.
    await page.getByRole('status').filter({ hasText: 'Good morning from a rule' }).waitFor();
    expect(await api.notificationTitles()).toContain('Good morning from a rule');

    // Running from the rule's page adds a second run; refreshing shows it.
    await page.getByRole('button', { name: '立即运行' }).click();
    await page.getByRole('status').filter({ hasText: '规则已触发' }).first().waitFor();
    // The run finishes after the trigger answers: refresh, as a user would, until it shows.
    await expect
      .poll(async () => {
        await runs.getByRole('button', { name: '刷新' }).click();
        return runs.locator('[data-run-status="succeeded"]').count();
      })
      .toBe(2);
    expect(page.problems).toEqual([]);
  });

  it('checks the form with the contract before sending, and shows what the gateway still refuses', async () => {
    const page = await signedIn();
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/automation/rules'))
        posts.push(request.url());
    });
    await page.goto('/automation/rules/new');
    await page.getByRole('button', { name: '创建规则' }).click();

    await page.getByRole('alert').filter({ hasText: '请先修正以下问题' }).waitFor();
    expect(await descriptionOf(page.getByLabel('名称'))).toContain('规则名称不能为空');
    expect(await descriptionOf(page.getByLabel('通知标题'))).toContain('标题不能为空');
    expect(posts).toEqual([]);

    // No actions at all: the contract's own message for the list.
    await page.getByLabel('名称').fill('Half a rule');
    await page.getByRole('button', { name: '移除动作 1' }).click();
    await page.getByRole('button', { name: '创建规则' }).click();
    await page.getByRole('alert').filter({ hasText: '至少需要一个动作' }).waitFor();
    expect(posts).toEqual([]);

    // A cron that looks right to the schema but not to the gateway: its 400 is shown as it came.
    await page.getByRole('button', { name: '添加动作' }).click();
    await page.getByLabel('通知标题').fill('tick');
    await page.getByLabel('触发类型').selectOption('schedule');
    await page.getByLabel('Cron 表达式').fill('99 99 * * *');
    await page.getByRole('button', { name: '创建规则' }).click();
    await page.getByRole('alert').filter({ hasText: 'cron 表达式无效' }).waitFor();
    expect(posts).toHaveLength(1);
    expect(page.url()).toContain('/automation/rules/new');
    expect(page.problems.filter((p) => !p.includes('400'))).toEqual([]);
  });

  it('edits a rule (disables it), toggles it from the list, and deletes it', async () => {
    const rule = await api.createNotifyRule('Evening summary');
    const page = await signedIn();
    await page.goto(`/automation/rules/${rule.id}`);
    await page.getByRole('heading', { name: 'Evening summary' }).waitFor();
    expect(await page.getByLabel('通知标题').inputValue()).toBe('Evening summary ran');

    await page.getByLabel('启用', { exact: true }).uncheck();
    await page.getByLabel('描述').fill('Only on demand');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '规则已保存' }).waitFor();
    await expect.poll(async () => (await api.getRule(rule.id)).enabled).toBe(false);
    expect((await api.getRule(rule.id)).description).toBe('Only on demand');

    await page.getByRole('link', { name: '返回自动化' }).click();
    const toggle = page.getByRole('switch', { name: '启用规则 Evening summary' });
    await expect.poll(() => toggle.isChecked()).toBe(false);
    await toggle.check();
    await expect.poll(async () => (await api.getRule(rule.id)).enabled).toBe(true);

    await page.getByRole('link', { name: 'Evening summary' }).click();
    await page.getByRole('button', { name: '删除' }).click();
    await page.getByRole('button', { name: '确认删除?' }).click();
    await page.waitForURL(/\/automation$/);
    await page.getByRole('status').filter({ hasText: '已删除' }).waitFor();
    await page.getByRole('table').waitFor();
    await expect.poll(() => page.getByRole('row', { name: /Evening summary/ }).count()).toBe(0);
    expect((await api.listRules()).map((r) => r.id)).not.toContain(rule.id);
    expect(page.problems).toEqual([]);
  });
});
