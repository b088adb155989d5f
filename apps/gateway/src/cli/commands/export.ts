import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createAccountArchive } from '../../account-export/create';
import { archiveFileName } from '../../account-export/format';
import { type Command, stringOption } from '../command';
import { cliConfig } from '../config';
import { CliError, UsageError } from '../errors';
import { Progress } from '../progress';
import { withServices } from '../runtime';
import { checkWritableTarget } from '../target-file';

export const exportUser: Command = {
  name: 'export',
  summary: "Write all of a user's data (with their files' content) to one archive file",
  description:
    'Sessions and messages, files and their content, memories, knowledge bases, reminders and\n' +
    'automation rules and scenes, as gzip-compressed JSON Lines: the same archive the user downloads\n' +
    'from GET /api/v1/account/export. `cyrene import` reads it into this or another gateway.',
  options: {
    user: {
      type: 'string',
      short: 'u',
      valueName: 'user_id',
      description: 'Whose data: admin or user_<username> (required)',
    },
    out: {
      type: 'string',
      short: 'o',
      valueName: 'file',
      description: 'Where to write it (default: cyrene-export-<user_id>-<date>.jsonl.gz here)',
    },
  },
  async run(input) {
    const userId = stringOption(input, 'user');
    if (!userId) throw new UsageError(exportUser.name, '--user <user_id> is required');
    const out = stringOption(input, 'out');
    // The default name needs the export's time; its folder is the current one.
    await checkWritableTarget(path.resolve(out ?? archiveFileName(userId, new Date())));
    const config = cliConfig();
    const progress = new Progress('reading');
    const summary = await withServices(config, async (services, ctx) => {
      const archives = createAccountArchive(ctx, services);
      const prepared = await archives.prepare(userId);
      const file = path.resolve(out ?? archiveFileName(userId, new Date(prepared.header.exported_at)));
      const temp = `${file}.partial`;
      try {
        await pipeline(
          archives.stream(prepared, (phase, done, total) => progress.report(phase, done, total)),
          createWriteStream(temp, { mode: 0o600 }),
        );
        await rename(temp, file);
      } catch (e) {
        await rm(temp, { force: true });
        throw new CliError(`could not write ${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
      return { file, header: prepared.header };
    });
    progress.done();
    console.log(`exported ${summary.header.user_id} to ${summary.file}`);
    for (const [area, kinds] of Object.entries(summary.header.counts)) {
      console.log(
        `  ${area}: ${Object.entries(kinds)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')}`,
      );
    }
    console.log(`  stored file content: ${summary.header.blobs}`);
    return 0;
  },
};
