import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTestUser } from '../../../gateway/src/testing/users';
import { type ConsoleE2E, PHONE, runsBrowserTests, startConsoleE2E } from '../../e2e/harness';

describe.skipIf(!runsBrowserTests)('the console frame', () => {
  let e2e: ConsoleE2E;
  beforeAll(async () => {
    e2e = await startConsoleE2E();
  });
  afterAll(() => e2e?.close());

  it('is usable from the keyboard: a skip link first, then the navigation, with a visible focus', async () => {
    const page = await e2e.newPage();
    await e2e.signIn(page);
    // A fresh load of a page that moves no focus by itself: Tab starts from the top.
    await page.goto('/reminders');
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('跳到正文');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    // Tabbing on from the top reaches the sidebar's links, and Enter follows one.
    await page.goto('/chat');
    let focused = '';
    for (let i = 0; i < 20 && focused !== '/files'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');
    }
    expect(focused).toBe('/files');
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement as Element).boxShadow);
    expect(ring).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/files');
    expect(page.problems).toEqual([]);
  });

  it('shows the admin the live connection and the admin screens', async () => {
    const page = await e2e.newPage();
    await e2e.signIn(page);
    await page.getByRole('status').filter({ hasText: '实时连接正常' }).waitFor();
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '模型路由' }).waitFor();
  });

  it('tells another user that the live connection and the admin screens are not theirs', async () => {
    await registerTestUser(e2e.gateway.url, 'carol');
    const page = await e2e.newPage();
    await e2e.signIn(page, { username: 'carol', password: 'secret-carol' });
    await page.getByRole('status').filter({ hasText: '实时连接仅限管理员' }).waitFor();
    const nav = page.getByRole('navigation', { name: '主导航' });
    expect(await nav.getByRole('link', { name: '模型路由' }).count()).toBe(0);
    await page.goto('/admin/routing');
    await page.getByRole('heading', { name: '仅限管理员' }).waitFor();
  });

  it('answers an unknown address with a page saying so', async () => {
    const page = await e2e.newPage();
    await e2e.signIn(page);
    await page.goto('/no/such/page');
    await page.getByRole('heading', { name: '页面不存在' }).waitFor();
    await page.getByRole('link', { name: '回到首页' }).click();
    await page.waitForURL('**/chat');
  });

  it('on a phone, keeps the navigation in a drawer behind the menu button', async () => {
    const page = await e2e.newPage({ viewport: PHONE });
    await e2e.signIn(page);
    const files = page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '文件' });
    const menu = page.getByRole('button', { name: '菜单' });
    await menu.waitFor();
    expect(await files.isVisible()).toBe(false);
    await menu.click();
    await files.waitFor({ state: 'visible' });
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    await files.waitFor({ state: 'hidden' });
    await menu.click();
    await files.click();
    await page.waitForURL('**/files');
    await files.waitFor({ state: 'hidden' });
    // Nothing is wider than the phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
