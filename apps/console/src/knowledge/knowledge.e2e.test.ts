import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleE2E, runsBrowserTests, startConsoleE2E } from '../../e2e/harness';

describe.skipIf(!runsBrowserTests)('knowledge', () => {
  let e2e: ConsoleE2E;
  beforeAll(async () => {
    e2e = await startConsoleE2E();
  });
  afterAll(() => e2e?.close());

  it('creates a base, adds a text document, finds it by a word with its source, and shows its chunks', async () => {
    const page = await e2e.newPage();
    await e2e.signIn(page);
    await page.goto('/knowledge');
    await page.getByText('还没有知识库。新建一个吧。').waitFor();

    await page.getByRole('button', { name: '新建知识库' }).click();
    const create = page.getByRole('dialog', { name: '新建知识库' });
    await create.getByLabel('名称').fill('旅行笔记');
    await create.getByLabel('描述').fill('去过和想去的地方');
    await create.getByRole('button', { name: '创建' }).click();
    await page.waitForURL(/\/knowledge\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: '旅行笔记' }).waitFor();
    await page.getByText('这个知识库还没有文档。').waitFor();

    await page.getByLabel('标题').fill('京都攻略');
    await page.getByLabel('内容').fill('Kinkakuji is the golden pavilion of Kyoto.\n清水寺的红叶很美。');
    await page.getByRole('button', { name: '添加' }).click();
    const row = page.getByRole('listitem', { name: '京都攻略' });
    await row.waitFor();
    expect(await row.textContent()).toContain('1 个分块');

    await page.getByRole('link', { name: '← 全部知识库' }).click();
    const card = page.getByRole('listitem', { name: '旅行笔记' });
    await expect.poll(() => card.textContent()).toContain('1 篇文档');

    await page.getByLabel('查询').fill('Kinkakuji');
    await page.getByRole('checkbox', { name: '旅行笔记' }).check();
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    const result = page.getByRole('list', { name: '搜索知识库' }).getByRole('listitem').first();
    await expect.poll(() => result.textContent()).toContain('Kinkakuji is the golden pavilion');
    expect(await result.textContent()).toContain('旅行笔记');
    expect(await result.textContent()).toMatch(/相关度 (0|1)\.\d\d/);

    await result.getByRole('link', { name: '京都攻略' }).click();
    await page.waitForURL(/\/knowledge\/[0-9a-f-]{36}\/documents\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: '京都攻略', level: 1 }).waitFor();
    const chunk = page.getByRole('listitem', { name: '分块 #0' });
    await expect.poll(() => chunk.textContent()).toContain('清水寺的红叶很美');
    expect(page.problems).toEqual([]);
  });

  it('renames a base, adds a document from a text file uploaded there, and deleting documents empties it', async () => {
    const page = await e2e.newPage();
    await e2e.signIn(page);
    await page.goto('/knowledge');
    const card = page.getByRole('listitem', { name: '旅行笔记' });
    await card.getByRole('button', { name: '编辑' }).click();
    const edit = page.getByRole('dialog', { name: '编辑知识库' });
    await edit.getByLabel('名称').fill('旅行');
    await edit.getByRole('button', { name: '保存' }).click();
    const renamed = page.getByRole('listitem', { name: '旅行', exact: true });
    await renamed.waitFor();

    await renamed.getByRole('link', { name: '旅行', exact: true }).click();
    await page.getByRole('heading', { name: '旅行', exact: true, level: 1 }).waitFor();
    await page.getByRole('radio', { name: '文件' }).check();
    await page.getByLabel('或上传一个文本文件').setInputFiles({
      name: 'osaka.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('大阪城和道顿堀。Osaka castle.'),
    });
    // The uploaded file is picked, and its name becomes the title.
    await expect.poll(() => page.getByLabel('标题').inputValue()).toBe('osaka.txt');
    await page.getByRole('button', { name: '添加' }).click();
    await page.getByRole('listitem', { name: 'osaka.txt' }).waitFor();

    for (const title of ['京都攻略', 'osaka.txt']) {
      const row = page.getByRole('listitem', { name: title });
      await row.getByRole('button', { name: '删除' }).click();
      await row.getByRole('button', { name: '确认删除?' }).click();
      await row.waitFor({ state: 'detached' });
    }
    await page.getByText('这个知识库还没有文档。').waitFor();
    expect(page.problems).toEqual([]);
  });
});
