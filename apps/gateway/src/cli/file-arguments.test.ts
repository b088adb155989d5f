import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCyrene } from './testing/run-cli';

/*
 * Every command that reads or writes a file refuses a path it cannot use before it opens any
 * database: `error: …` and `hint: …` on stderr, exit code 1, nothing written.
 */
describe('cyrene commands given a file they cannot use', () => {
  let work: string;
  const cyrene = (...args: string[]) => {
    const { DATABASE_URL: _pg, ...inherited } = process.env;
    return runCyrene(args, { ...inherited, DATA_DIR: path.join(work, 'data') }, work);
  };

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'cyrene-cli-files-'));
    await mkdir(path.join(work, 'a-folder'));
    await writeFile(path.join(work, 'not-a-folder'), 'x');
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it.each([['db:backup'], ['export', '--user', 'admin', '--out']])(
    '%s into a folder that does not exist, into a folder, under a file',
    async (...command) => {
      const missing = path.join(work, 'nonexistent', 'dir', 'x.gz');
      expect(await cyrene(...command, missing)).toEqual({
        code: 1,
        stdout: '',
        stderr:
          `error: cannot write ${missing}: the folder ${path.dirname(missing)} does not exist\n` +
          `hint: create it first (mkdir -p ${path.dirname(missing)}) or choose another path\n`,
      });
      const folder = path.join(work, 'a-folder');
      const intoFolder = await cyrene(...command, folder);
      expect(intoFolder).toMatchObject({ code: 1, stdout: '' });
      expect(intoFolder.stderr).toMatch(
        /^error: cannot write .*a-folder: it is a folder\nhint: give a file name inside it/,
      );
      const underFile = await cyrene(...command, path.join(work, 'not-a-folder', 'x.gz'));
      expect(underFile).toMatchObject({ code: 1, stdout: '' });
      expect(underFile.stderr).toMatch(/not-a-folder is not a folder\nhint: /);
      expect(await readdir(work)).toEqual(['a-folder', 'not-a-folder']);
    },
  );

  it.runIf(process.getuid?.() !== 0)('db:backup into a folder it may not write', async () => {
    const locked = path.join(work, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o500);
    const res = await cyrene('db:backup', path.join(locked, 'x.gz'));
    expect(res).toMatchObject({ code: 1 });
    expect(res.stderr).toMatch(/no permission to write in .*locked\nhint: choose a folder you can write to/);
  });

  it.each([['db:restore'], ['import']])('%s of a file that is missing, or a folder', async (command) => {
    const missing = path.join(work, 'nope.jsonl.gz');
    expect(await cyrene(command, missing)).toEqual({
      code: 1,
      stdout: '',
      stderr:
        `error: cannot read ${missing}: no such file\n` +
        'hint: check the path (relative paths start from the current folder)\n',
    });
    const folder = await cyrene(command, path.join(work, 'a-folder'));
    expect(folder).toMatchObject({ code: 1, stdout: '' });
    expect(folder.stderr).toMatch(/it is a folder\nhint: pass the file itself\n$/);
  });

  it('db:restore of a file that is not a backup, or is empty', async () => {
    const garbage = path.join(work, 'garbage.jsonl');
    await writeFile(garbage, 'not json at all\n');
    const res = await cyrene('db:restore', garbage);
    expect(res).toMatchObject({ code: 1, stdout: '' });
    expect(res.stderr).toMatch(
      /is not a Cyrene backup: its first line is not JSON\nhint: pass a file written by `cyrene db:backup`/,
    );
    const empty = path.join(work, 'empty.jsonl');
    await writeFile(empty, '');
    expect((await cyrene('db:restore', empty)).stderr).toMatch(/is not a Cyrene backup: it is empty/);
  });
});
