import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleE2E, type ConsolePage, runsBrowserTests, startConsoleE2E } from '../../e2e/harness';

/** A real image of one colour, made the way the gateway reads images. */
const image = (format: 'png' | 'jpeg', background: { r: number; g: number; b: number }) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background } })
    [format]()
    .toBuffer();

/** Files made inside the page (`text`, or `bytes` zero bytes), dropped onto the drop zone as a user would. */
const dropInPage = (
  page: ConsolePage,
  files: { name: string; type: string; text?: string; bytes?: number }[],
) =>
  page.getByText('把文件拖到这里,或').evaluate((zone, made) => {
    const data = new DataTransfer();
    for (const { name, type, text, bytes } of made)
      data.items.add(new File([text ?? new Uint8Array(bytes ?? 0)], name, { type }));
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, files);

describe.skipIf(!runsBrowserTests)('files', () => {
  let e2e: ConsoleE2E;
  beforeAll(async () => {
    e2e = await startConsoleE2E();
  });
  afterAll(() => e2e?.close());

  const openFiles = async (): Promise<ConsolePage> => {
    const page = await e2e.newPage();
    await e2e.signIn(page);
    await page.goto('/files');
    await page.getByRole('heading', { name: '我的文件' }).waitFor();
    return page;
  };
  const chooseFiles = (page: ConsolePage, files: { name: string; mimeType: string; buffer: Buffer }[]) =>
    page.getByLabel('选择文件').setInputFiles(files);

  it('shows an upload going up on a slow link, part by part, before it is stored', async () => {
    const page = await openFiles();
    // About 1 MB at 256 kB/s: some four seconds of progress events.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 256 * 1024,
    });
    // What the bar showed, sampled as the page renders it.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { progressSeen: number[] }).progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('progress');
        if (bar && bar.max > 1) seen.push(bar.value / bar.max);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await chooseFiles(page, [
      { name: 'slow.txt', mimeType: 'text/plain', buffer: Buffer.alloc(1024 * 1024, 'a') },
    ]);
    await page.getByRole('listitem', { name: 'slow.txt' }).waitFor({ timeout: 30_000 });
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
    expect(seen.some((fraction) => fraction > 0.05 && fraction < 0.95)).toBe(true);
    expect(seen.at(-1)).toBe(1);
  });

  it('uploads several images with progress, shows their thumbnails, downloads, analyzes and deletes one', async () => {
    const page = await openFiles();
    const red = await image('png', { r: 200, g: 40, b: 40 });
    const blue = await image('jpeg', { r: 30, g: 60, b: 220 });
    await chooseFiles(page, [
      { name: 'red.png', mimeType: 'image/png', buffer: red },
      { name: 'blue.jpg', mimeType: 'image/jpeg', buffer: blue },
    ]);

    // Each file has its own progress bar, and each runs to its end.
    for (const name of ['red.png', 'blue.jpg']) {
      const bar = page.getByRole('progressbar', { name: `${name} 的上传进度` });
      await expect
        .poll(() => bar.evaluate((el: HTMLProgressElement) => el.value === el.max && el.max > 1))
        .toBe(true);
    }
    await expect.poll(() => page.getByText('已上传').count()).toBe(2);

    const card = page.getByRole('listitem', { name: 'red.png' });
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain('image/png');
    // The thumbnail came through the authorised request and was decoded by the browser.
    const thumbnail = card.getByRole('img', { name: 'red.png 的缩略图' });
    await expect
      .poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    expect(await thumbnail.getAttribute('src')).toMatch(/^blob:/);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('button', { name: '下载' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('red.png');
    expect(Buffer.compare(await readFile(await download.path()), red)).toBe(0);

    await card.getByRole('button', { name: '分析' }).click();
    const dialog = page.getByRole('dialog', { name: '图片分析:red.png' });
    await expect.poll(() => dialog.textContent()).toContain('#C82828');
    expect(await dialog.textContent()).toContain('本地分析');
    expect(await dialog.textContent()).toContain('64 × 48');
    await dialog.getByRole('button', { name: '关闭' }).click();

    await card.getByRole('button', { name: '删除' }).click();
    await card.getByRole('button', { name: '确认删除?' }).click();
    await expect.poll(() => page.getByRole('listitem', { name: 'red.png' }).count()).toBe(0);
    await page.getByRole('listitem', { name: 'blue.jpg' }).waitFor();
    await page.reload();
    await page.getByRole('listitem', { name: 'blue.jpg' }).waitFor();
    expect(await page.getByRole('listitem', { name: 'red.png' }).count()).toBe(0);
    expect(page.problems).toEqual([]);
  }, 60_000);

  it("shows the gateway's own refusal for content that is not what it claims, and refuses a too large file before sending", async () => {
    const page = await openFiles();
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/files/upload')) uploads.push(request.url());
    });
    await chooseFiles(page, [
      {
        name: 'fake.png',
        mimeType: 'image/png',
        buffer: Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'),
      },
    ]);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('不支持的文件类型: text/html');
    expect(uploads).toHaveLength(1);

    // Made inside the page and dropped: 20 MB through the test's browser protocol would be slow.
    await dropInPage(page, [{ name: 'huge.png', type: 'image/png', bytes: 20 * 1024 * 1024 + 1 }]);
    await expect.poll(() => page.getByText('文件太大').count()).toBe(1);
    expect(await page.getByText('文件太大').textContent()).toContain('最大 20.0 MB');
    expect(uploads).toHaveLength(1);
    expect(await page.getByRole('listitem', { name: 'fake.png' }).count()).toBe(0);
    expect(await page.getByRole('listitem', { name: 'huge.png' }).count()).toBe(0);
  });

  it('uploads files dropped onto the drop zone', async () => {
    const page = await openFiles();
    await dropInPage(page, [
      { name: 'note-1.txt', type: 'text/plain', text: 'first note' },
      { name: 'note-2.txt', type: 'text/plain', text: 'second note' },
    ]);
    for (const name of ['note-1.txt', 'note-2.txt']) {
      const card = page.getByRole('listitem', { name });
      await card.waitFor();
      expect(await card.textContent()).toContain('text/plain');
    }
    expect(page.problems).toEqual([]);
  });
});
