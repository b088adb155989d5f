import path from 'node:path';
import { type BackupHeader, BackupHeaderSchema } from '../backup/format';
import { restoreDatabase } from '../backup/restore';
import { cliBlobStore } from '../blob-store';
import { type Command, flag } from '../command';
import { cliConfig, describeDatabase } from '../config';
import { CliError } from '../errors';
import { readLines } from '../jsonl-file';
import { appliedMigrations, knownMigrations, migrateAll, migrateUpTo } from '../migrations';
import { Progress } from '../progress';
import { withDatabase } from '../runtime';
import { checkReadableSource } from '../target-file';

const notABackup = (file: string, why: string) =>
  new CliError(`${file} is not a Cyrene backup: ${why}`, 'pass a file written by `cyrene db:backup`');

function parseHeader(file: string, line: string | undefined): BackupHeader {
  if (line === undefined) throw notABackup(file, 'it is empty');
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw notABackup(file, 'its first line is not JSON');
  }
  const header = BackupHeaderSchema.safeParse(value);
  if (!header.success)
    throw notABackup(file, 'its first line is not a backup header (or of another version)');
  return header.data;
}

/** The backup's schema must be one this gateway can bring up to date: a prefix of its migrations. */
function checkSchema(header: BackupHeader): void {
  const known = knownMigrations();
  const prefix = header.migrations.every((name, i) => known[i] === name);
  if (!prefix) {
    const unknown = header.migrations.find((m) => !known.includes(m));
    throw new CliError(
      `the backup's schema is not one this gateway knows${unknown ? ` (migration ${unknown})` : ''}`,
      'restore it with the gateway version that wrote it, or a newer one',
    );
  }
}

export const dbRestore: Command = {
  name: 'db:restore',
  summary: 'Restore a backup written by db:backup into an empty database (PGlite or PostgreSQL)',
  description:
    'The target is the configured database (DATABASE_URL, or the embedded one in DATA_DIR). A fresh\n' +
    'database is first migrated to the backup’s schema; all rows then load in ONE transaction (a\n' +
    'damaged or cut file changes nothing), stored files are written to DATA_DIR/blobs (or\n' +
    'the S3 bucket when S3_BUCKET is set), and the schema\n' +
    'is brought up to date. A target that already holds data is refused unless --force, which\n' +
    'replaces everything in it.',
  positionals: [{ name: 'file', required: true, description: 'A file written by `cyrene db:backup`' }],
  options: {
    force: { type: 'boolean', description: 'Replace the data of a target that is not empty' },
  },
  async run(input) {
    const config = cliConfig();
    const file = path.resolve(input.positionals[0] ?? '');
    await checkReadableSource(file);
    const lines = (await readLines(file))[Symbol.asyncIterator]();
    const first = await lines.next().catch((e: unknown) => {
      throw notABackup(file, e instanceof Error ? e.message : String(e));
    });
    const header = parseHeader(file, first.done ? undefined : first.value);
    checkSchema(header);
    const blobs = await cliBlobStore(config);
    const progress = new Progress('rows');
    const result = await withDatabase(
      config,
      async (database) => {
        const applied = await appliedMigrations(database.db);
        if (applied.length === 0) {
          const last = header.migrations.at(-1);
          if (last) await migrateUpTo(database.db, last);
        } else if (applied.join() !== header.migrations.join()) {
          throw new CliError(
            `the target database is at schema ${applied.at(-1)}, the backup at ${header.migrations.at(-1) ?? '(none)'}`,
            'restore into a new, empty database (it is migrated to the backup’s schema first)',
          );
        }
        const restored = await restoreDatabase(
          database.db,
          header,
          lines,
          blobs,
          flag(input, 'force'),
          progress,
        );
        progress.done();
        const upgraded = await migrateAll(database.db);
        return { ...restored, upgraded };
      },
      { create: true },
    );
    const rows = Object.values(result.rows).reduce((a, b) => a + b, 0);
    console.log(
      `restored ${file} (taken ${header.created_at} from ${header.source}) into ${describeDatabase(config)}`,
    );
    console.log(`  ${rows} rows in ${Object.keys(result.rows).length} tables, ${result.blobs} stored files`);
    if (result.upgraded.length > 0)
      console.log(`  then applied ${result.upgraded.length} newer migration(s)`);
    return 0;
  },
};
