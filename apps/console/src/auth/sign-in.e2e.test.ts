import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleE2E, runsBrowserTests, startConsoleE2E } from '../../e2e/harness';

describe.skipIf(!runsBrowserTests)('signing in', () => {
  let e2e: ConsoleE2E;
  beforeAll(async () => {
    e2e = await startConsoleE2E();
  });
  afterAll(() => e2e?.close());

  it('sends a signed-out visitor to the sign-in page, and back where they were after signing in', async () => {
    const page = await e2e.newPage();
    await page.goto('/files');
    await page.waitForURL('**/login');
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('admin-password-for-tests');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL('**/files');
    expect(page.problems).toEqual([]);
  });

  it("shows the gateway's own words when the password is wrong", async () => {
    const page = await e2e.newPage();
    await page.goto('/login');
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('用户名或密码错误');
    expect(page.url()).toContain('/login');
  });

  it('says what went wrong in English to an English reader (the gateway writes Chinese)', async () => {
    const page = await e2e.newPage({ locale: 'en-US' });
    await page.goto('/login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Not signed in: wrong username or password');
    expect(await page.getByRole('alert').textContent()).not.toContain('用户名或密码错误');
  });

  it('stays signed in across a reload, and signing out returns to the sign-in page', async () => {
    const page = await e2e.newPage();
    await e2e.signIn(page);
    await page.reload();
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL('**/login');
    await page.reload();
    await page.getByRole('button', { name: '登录' }).waitFor();
  });

  it('registers a new account when the gateway allows it', async () => {
    const page = await e2e.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: '还没有账号?注册' }).click();
    await page.getByLabel('用户名').fill('alice');
    await page.getByLabel('密码').fill('alice-password');
    await page.getByLabel('昵称').fill('Alice');
    await page.getByLabel('邮箱').fill('alice@example.com');
    await page.getByLabel('验证码').fill('000000');
    await page.getByRole('button', { name: '注册' }).click();
    await page.waitForURL('**/chat');
    await expect.poll(() => page.locator('.user-name').textContent()).toBe('Alice');
  });

  it('follows the browser language and can be switched, and the choice is kept', async () => {
    const page = await e2e.newPage({ locale: 'en-US' });
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Sign in to Cyrene' }).waitFor();
    await page.getByLabel('Language').selectOption('zh');
    await page.getByRole('heading', { name: '登录 Cyrene' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: '登录 Cyrene' }).waitFor();
  });
});

describe.skipIf(!runsBrowserTests)('signing in, registration closed', () => {
  let e2e: ConsoleE2E;
  beforeAll(async () => {
    e2e = await startConsoleE2E({ env: { REGISTRATION_ENABLED: 'false' } });
  });
  afterAll(() => e2e?.close());

  it("says why registering is refused, in the gateway's words", async () => {
    const page = await e2e.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: '还没有账号?注册' }).click();
    await page.getByLabel('用户名').fill('bob_b');
    await page.getByLabel('密码').fill('bob-password');
    await page.getByLabel('昵称').fill('Bob');
    await page.getByLabel('邮箱').fill('bob@example.com');
    await page.getByLabel('验证码').fill('000000');
    await page.getByRole('button', { name: '注册' }).click();
    await page.getByRole('alert').waitFor();
    expect(page.url()).toContain('/login');
  });
});
