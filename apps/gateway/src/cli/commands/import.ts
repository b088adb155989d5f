import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createAccountArchive } from '../../account-export/create';
import { ADMIN_USER_ID } from '../../http/principal';
import { type Command, stringOption } from '../command';
import { cliConfig } from '../config';
import { CliError } from '../errors';
import { Progress } from '../progress';
import { withServices } from '../runtime';
import { checkReadableSource } from '../target-file';

export const importUser: Command = {
  name: 'import',
  summary: 'Add the data of an archive written by `cyrene export` (or downloaded by a user) to a user',
  description:
    'Everything is added in ONE transaction: an id already used on this gateway (importing the same\n' +
    'archive twice, or next to the account it came from), a damaged or cut file, or any other failure\n' +
    'changes nothing. The user must exist (`cyrene user:create`); their login and profile are not\n' +
    'touched. Ids are kept, so clients that stored session or file ids find them again.',
  positionals: [{ name: 'file', required: true, description: 'The archive (.jsonl.gz)' }],
  options: {
    as: {
      type: 'string',
      valueName: 'user_id',
      description: 'Whose account receives the data (default: the user it was exported from)',
    },
  },
  async run(input) {
    const config = cliConfig();
    const file = path.resolve(input.positionals[0] ?? '');
    await checkReadableSource(file);
    const progress = new Progress('reading');
    const report = (phase: string, done: number, total: number) => progress.report(phase, done, total);
    const summary = await withServices(config, async (services, ctx) => {
      const archives = createAccountArchive(ctx, services);
      const archive = await archives.read(createReadStream(file), report);
      try {
        const target = stringOption(input, 'as') ?? archive.header.user_id;
        if (target !== ADMIN_USER_ID && !(await services.auth.findUser(target))) {
          const username = target.replace(/^user_/, '');
          throw new CliError(
            `there is no user ${target} on this gateway`,
            `create it first: cyrene user:create ${username}`,
          );
        }
        return await archives.import(target, archive, report);
      } finally {
        await archives.discard(archive);
      }
    });
    progress.done();
    console.log(`imported ${file} into ${summary.userId}`);
    for (const [area, kinds] of Object.entries(summary.counts)) {
      console.log(
        `  ${area}: ${Object.entries(kinds)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')}`,
      );
    }
    console.log(`  stored file content: ${summary.blobs}`);
    return 0;
  },
};
