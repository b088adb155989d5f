import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleE2E, runsBrowserTests, startConsoleE2E } from '../../e2e/harness';

/** A loopback port nothing listens on (taken, then let go). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe.skipIf(!runsBrowserTests)('memory, built-in store', () => {
  let e2e: ConsoleE2E;
  beforeAll(async () => {
    e2e = await startConsoleE2E();
  });
  afterAll(() => e2e?.close());

  it('adds memories, finds one by searching, and deletes it', async () => {
    const page = await e2e.newPage();
    await e2e.signIn(page);
    await page.goto('/memory');
    await page.getByText('还没有记忆。').waitFor();

    const add = async (content: string, category: string, priority: string) => {
      await page.getByLabel('内容').fill(content);
      await page.getByLabel('分类').fill(category);
      await page.getByLabel('优先级(1-10)').fill(priority);
      await page.getByRole('button', { name: '添加', exact: true }).click();
      await page.getByRole('main').getByRole('listitem').filter({ hasText: content }).waitFor();
    };
    await add('我喜欢喝乌龙茶', 'preference', '7');
    await add('my dog is called Biscuit', 'fact', '3');
    const list = page.getByRole('main').getByRole('listitem');
    await page.getByText('共 2 条').waitFor();
    await list.filter({ hasText: '乌龙茶' }).getByText('优先级 7').waitFor();
    await list.filter({ hasText: '乌龙茶' }).getByText('preference').waitFor();

    await page.getByRole('searchbox', { name: '搜索记忆' }).fill('Biscuit');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    await page.getByText('“Biscuit” 的搜索结果:1 条').waitFor();
    await expect.poll(() => list.count()).toBe(1);
    await list
      .filter({ hasText: 'my dog is called Biscuit' })
      .getByText(/^相关度/)
      .waitFor();

    await list.getByRole('button', { name: '删除' }).click();
    await list.getByRole('button', { name: '确认删除?' }).click();
    await page.getByRole('region', { name: '提示' }).getByText('记忆已删除').waitFor();
    await page.getByText('没有匹配的记忆。').waitFor();
    await page.getByRole('button', { name: '清除搜索' }).click();
    await page.getByText('共 1 条').waitFor();
    await list.filter({ hasText: '乌龙茶' }).waitFor();
    expect(page.problems).toEqual([]);
  });
});

describe.skipIf(!runsBrowserTests)('memory, Memory-Service unreachable', () => {
  let e2e: ConsoleE2E;
  beforeAll(async () => {
    e2e = await startConsoleE2E({ env: { MEMORY_SERVICE_URL: `http://127.0.0.1:${await closedPort()}` } });
  });
  afterAll(() => e2e?.close());

  it("shows the gateway's 502 text for the list and for adding", async () => {
    const page = await e2e.newPage();
    await e2e.signIn(page);
    await page.goto('/memory');
    const alert = page.getByRole('alert');
    await expect
      .poll(() => alert.first().textContent(), { timeout: 20_000 })
      .toContain('Memory-Service 不可达');
    await alert.getByRole('button', { name: '重试' }).waitFor();

    await page.getByLabel('内容').fill('记不住');
    await page.getByRole('button', { name: '添加', exact: true }).click();
    await expect.poll(() => alert.count(), { timeout: 20_000 }).toBe(2);
    expect(await alert.nth(0).textContent()).toContain('Memory-Service 不可达');
    expect(await alert.nth(1).textContent()).toContain('Memory-Service 不可达');
  });
});
