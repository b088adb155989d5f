import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../../gateway/src/testing/http';
import { signInTestAdmin } from '../../../../gateway/src/testing/users';
import { type ConsoleE2E, PHONE, runsBrowserTests, startConsoleE2E } from '../../../e2e/harness';

/** The administrator's system page: what the gateway is doing, read from GET /admin/system. */
describe.skipIf(!runsBrowserTests)('admin: system', () => {
  let e2e: ConsoleE2E;

  beforeAll(async () => {
    e2e = await startConsoleE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const adminPage = async (viewport?: { width: number; height: number }, locale?: string) => {
    const page = await e2e.newPage({ viewport, locale });
    page.setDefaultTimeout(10_000);
    await e2e.signIn(page);
    return page;
  };

  it('shows this instance with the console’s own connection, and an error answered a moment ago', async () => {
    const token = (await signInTestAdmin(e2e.gateway.url)).token;
    await call(e2e.gateway.url, 'GET', '/api/v1/sessions/session_nobody_has', { token });

    const page = await adminPage();
    await page.getByRole('link', { name: '系统状态' }).click();
    await page.getByRole('heading', { name: '系统状态', level: 1 }).waitFor();

    const instance = page.getByRole('row', { name: e2e.gateway.ctx.instanceId });
    await expect.poll(() => instance.textContent()).toContain('当前实例');
    // The console keeps a WebSocket open: the page refreshes until it counts it.
    await expect.poll(() => instance.locator('td').nth(1).textContent(), { timeout: 12_000 }).not.toBe('0');

    const error = page.getByRole('row', { name: 'GET /api/v1/sessions/:id 404' });
    await expect.poll(() => error.locator('td').nth(1).textContent()).toBe('1');
    await page.getByText('Prometheus 指标未开启(设置 METRICS_TOKEN)').waitFor();
    expect(page.problems).toEqual([]);
  });

  it('speaks English, and fits a phone', async () => {
    const page = await adminPage(PHONE, 'en-US');
    await page.goto('/admin/system');
    await page.getByRole('heading', { name: 'System', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Instances alive' }).waitFor();
    await page.getByText('OpenTelemetry tracing off (set OTEL_EXPORTER_OTLP_ENDPOINT)').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(page.problems).toEqual([]);
  });
});
