import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { FakeAiCore } from '../../gateway/src/testing/fake-ai-core';
import { type ConsoleE2E, type ConsolePage, DESKTOP, PHONE, startConsoleE2E } from './harness';
import { adminClient, seedSampleData } from './sample-data';

const OUT = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

const ANSWER = [
  '当然可以!下面是 **Cyrene** 控制台的三个要点:\n\n',
  '1. 对话通过 WebSocket 实时流式返回;\n',
  '2. 文件、知识库和提醒都在左侧导航里;\n',
  '3. 管理员可以配置模型路由和回退链。\n\n',
  '```bash\nnpm start\n```\n',
];

/** The main screens with sample data, each written to docs/screenshots/<name>.png. */
describe('screenshots', () => {
  let e2e: ConsoleE2E;
  let core: FakeAiCore;
  /** The chat page's address once the conversation is there. */
  let conversation = '/chat';
  beforeAll(async () => {
    await mkdir(OUT, { recursive: true });
    core = await FakeAiCore.start();
    core.script = { deltas: ANSWER, delayMs: 30 };
    e2e = await startConsoleE2E({ env: { AI_CORE_URL: core.url } });
    await seedSampleData(await adminClient(e2e.gateway.url));
  });
  afterAll(async () => {
    await e2e?.close();
    await core?.close();
  });

  const shoot = async (page: ConsolePage, name: string) => {
    await page.waitForLoadState('networkidle');
    // Thumbnails and the like arrive after the data: let them paint.
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${OUT}${name}.png` });
  };

  it('sign-in', async () => {
    const page = await e2e.newPage();
    await page.goto('/login');
    await shoot(page, 'sign-in');
  });

  it('the screens of a signed-in admin, on a desktop', async () => {
    const page = await e2e.newPage({ viewport: DESKTOP });
    await e2e.signIn(page);
    await page.goto('/chat');
    await page.getByRole('button', { name: '新对话' }).click();
    await page.getByRole('textbox', { name: '输入消息' }).fill('介绍一下 Cyrene 控制台?');
    await page.keyboard.press('Enter');
    await page.locator('[data-role="assistant"]').last().getByText('npm start').waitFor();
    await shoot(page, 'chat');
    conversation = new URL(page.url()).pathname;
    for (const [path, name] of [
      ['/search?q=控制台', 'search'],
      ['/files', 'files'],
      ['/knowledge', 'knowledge'],
      ['/reminders', 'reminders'],
      ['/notifications', 'notifications'],
      ['/automation', 'automation'],
      ['/briefings', 'briefings'],
      ['/memory', 'memory'],
      ['/admin/models', 'admin-models'],
      ['/admin/routing', 'admin-routing'],
      ['/admin/clients', 'admin-clients'],
    ] as const) {
      await page.goto(path);
      await shoot(page, name);
    }
  });

  it('in English, and on a phone', async () => {
    const english = await e2e.newPage({ viewport: DESKTOP, locale: 'en-US' });
    await e2e.signIn(english);
    await english.goto('/files');
    await shoot(english, 'files-en');
    const phone = await e2e.newPage({ viewport: PHONE });
    await e2e.signIn(phone);
    await phone.goto(conversation);
    await phone.locator('[data-role="assistant"]').last().getByText('npm start').waitFor();
    await shoot(phone, 'phone-chat');
    await phone.getByRole('button', { name: '菜单' }).click();
    await shoot(phone, 'phone-menu');
  });
});
