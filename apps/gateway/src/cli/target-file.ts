import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from './errors';

async function kindOf(file: string): Promise<'file' | 'folder' | 'other' | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (!info) return undefined;
  return info.isDirectory() ? 'folder' : info.isFile() ? 'file' : 'other';
}

/**
 * Refuses, before any database is opened, a file a command could not write: its folder missing or
 * not a folder, not writable, or the name taken by a folder. The command then fails within a
 * second with what to do, instead of after the work (or silently).
 */
export async function checkWritableTarget(file: string): Promise<void> {
  const folder = path.dirname(file);
  const fail = (why: string, hint: string) => new CliError(`cannot write ${file}: ${why}`, hint);
  const folderKind = await kindOf(folder);
  if (folderKind === undefined)
    throw fail(
      `the folder ${folder} does not exist`,
      `create it first (mkdir -p ${folder}) or choose another path`,
    );
  if (folderKind !== 'folder') throw fail(`${folder} is not a folder`, 'choose a path inside a folder');
  if ((await kindOf(file)) === 'folder')
    throw fail(
      'it is a folder',
      `give a file name inside it, e.g. ${path.join(file, path.basename(file) || 'backup')}.jsonl.gz`,
    );
  await access(folder, constants.W_OK).catch(() => {
    throw fail(`no permission to write in ${folder}`, 'choose a folder you can write to');
  });
}

/** Refuses a file a command could not read: missing, a folder, or unreadable. */
export async function checkReadableSource(file: string): Promise<void> {
  const fail = (why: string, hint: string) => new CliError(`cannot read ${file}: ${why}`, hint);
  const kind = await kindOf(file);
  if (kind === undefined)
    throw fail('no such file', 'check the path (relative paths start from the current folder)');
  if (kind !== 'file')
    throw fail(`it is a ${kind === 'folder' ? 'folder' : 'special file'}`, 'pass the file itself');
  await access(file, constants.R_OK).catch(() => {
    throw fail('no permission to read it', 'run as a user who can read it');
  });
}
