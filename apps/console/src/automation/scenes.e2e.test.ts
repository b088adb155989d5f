import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInTestAdmin } from '../../../gateway/src/testing/users';
import { type ConsoleE2E, PHONE, runsBrowserTests, startConsoleE2E } from '../../e2e/harness';
import { automationApi } from './e2e-seed';

describe.skipIf(!runsBrowserTests)('automation scenes', () => {
  let e2e: ConsoleE2E;
  let api: ReturnType<typeof automationApi>;
  beforeAll(async () => {
    e2e = await startConsoleE2E();
    api = automationApi(e2e.gateway.url, (await signInTestAdmin(e2e.gateway.url)).token);
  });
  afterAll(() => e2e?.close());

  it('creates a scene of two rules, executes it (both rules run) and deletes it', async () => {
    const lights = await api.createNotifyRule('Lights off');
    const music = await api.createNotifyRule('Music on');
    const page = await e2e.newPage();
    await e2e.signIn(page);
    await page.goto('/automation');
    await page.getByRole('link', { name: '场景' }).click();
    await page.getByText('还没有场景').waitFor();

    await page.getByRole('button', { name: '新建场景' }).click();
    const dialog = page.getByRole('dialog', { name: '新建场景' });
    await dialog.getByLabel('名称').fill('Bedtime');
    await dialog.getByLabel('图标').fill('🌙');
    await dialog.getByLabel('Music on').check();
    await dialog.getByLabel('Lights off').check();
    await dialog.getByRole('button', { name: '保存' }).click();

    const card = page.getByRole('article', { name: 'Bedtime' });
    await card.getByText('2 条规则: Music on → Lights off').waitFor();
    await card.getByRole('button', { name: '执行场景 Bedtime' }).click();
    await page.getByRole('status').filter({ hasText: '场景已执行' }).waitFor();
    for (const rule of [lights, music]) {
      await expect
        .poll(async () => (await api.listRuns(rule.id)).map((r) => `${r.trigger}:${r.status}`))
        .toEqual(['scene:succeeded']);
    }

    await card.getByRole('button', { name: '删除' }).click();
    await card.getByRole('button', { name: '确认删除?' }).click();
    await page.getByText('还没有场景').waitFor();
    expect(page.problems).toEqual([]);
  });

  it('fits a phone: the lists, the scene dialog and the rule form need no sideways scrolling', async () => {
    await api.createNotifyRule('A rule with a rather long name to see how it wraps on a phone');
    const page = await e2e.newPage({ viewport: PHONE });
    await e2e.signIn(page);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

    await page.goto('/automation');
    await page.getByRole('switch').first().waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    // Every rule's Run button is on screen, not hidden in a table scrolled sideways.
    const run = await page
      .getByRole('button', { name: /^运行规则 / })
      .first()
      .boundingBox();
    expect(run && run.x >= 0 && run.x + run.width <= PHONE.width).toBe(true);

    await page.goto('/automation?tab=scenes');
    await page.getByRole('button', { name: '新建场景' }).click();
    const dialog = page.getByRole('dialog', { name: '新建场景' });
    await dialog.getByLabel('名称').waitFor();
    const box = await dialog.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);

    await page.goto('/automation/rules/new');
    await page.getByLabel('触发类型').selectOption('schedule');
    await page.getByRole('button', { name: '添加动作' }).click();
    await page.getByLabel('Cron 表达式').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(page.problems).toEqual([]);
  });
});
