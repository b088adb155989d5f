import path from 'node:path';
import { dumpDatabase } from '../backup/dump';
import { cliBlobStore } from '../blob-store';
import { type Command, flag } from '../command';
import { cliConfig, describeDatabase } from '../config';
import { writeFileAtomically } from '../jsonl-file';
import { appliedMigrations } from '../migrations';
import { Progress } from '../progress';
import { withDatabase } from '../runtime';
import { checkWritableTarget } from '../target-file';

export const dbBackup: Command = {
  name: 'db:backup',
  summary: 'Write a portable backup of the whole database (and stored files) to a file',
  description:
    'The file is JSON Lines (gzip-compressed when its name ends in .gz): a header naming the schema\n' +
    'version, every table row in dependency order, the stored file content, and an end marker.\n' +
    'It restores into PGlite or PostgreSQL alike (`cyrene db:restore`), whichever it was taken from.\n' +
    'On PostgreSQL it may run while the gateway runs (one consistent snapshot); the embedded database\n' +
    'must be stopped first. Not included: DATA_DIR/jwt-secret (keep it, or set JWT_SECRET, so logins\n' +
    'and stored provider keys stay valid) and live connection state.',
  positionals: [{ name: 'file', required: true, description: 'Where to write it, e.g. backup.jsonl.gz' }],
  options: {
    'no-blobs': {
      type: 'boolean',
      description: 'Leave out stored file content (DATA_DIR/blobs or the S3 bucket)',
    },
  },
  async run(input) {
    const config = cliConfig();
    const file = path.resolve(input.positionals[0] ?? '');
    await checkWritableTarget(file);
    const blobs = flag(input, 'no-blobs') ? undefined : await cliBlobStore(config);
    const progress = new Progress('rows');
    const result = await withDatabase(config, async (database) => {
      const migrations = await appliedMigrations(database.db);
      let dumped: Awaited<ReturnType<typeof dumpDatabase>> | undefined;
      await writeFileAtomically(file, file.endsWith('.gz'), async (out) => {
        dumped = await dumpDatabase(database.db, database.engine, migrations, blobs, out, progress);
      });
      return dumped;
    });
    progress.done();
    if (!result) return 1;
    const rows = Object.values(result.rows).reduce((a, b) => a + b, 0);
    console.log(`backed up ${describeDatabase(config)} to ${file}`);
    console.log(`  ${rows} rows in ${Object.keys(result.rows).length} tables, ${result.blobs} stored files`);
    if (result.missingBlobs > 0) {
      console.log(
        `  note: ${result.missingBlobs} stored file(s) named in the database were missing from ${blobs?.location}`,
      );
    }
    return 0;
  },
};
