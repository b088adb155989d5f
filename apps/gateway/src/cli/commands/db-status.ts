import { type Command, flag } from '../command';
import { cliConfig, describeDatabase } from '../config';
import { knownMigrations, migrationStatus } from '../migrations';
import { embeddedDatabaseExists, withDatabase } from '../runtime';

export const dbStatus: Command = {
  name: 'db:status',
  summary: 'List the database migrations, applied and pending',
  description: 'Exit code 0 when the schema is up to date, 1 when migrations are pending.',
  options: { json: { type: 'boolean', description: 'Print the list as JSON' } },
  async run(input) {
    const config = cliConfig();
    // A DATA_DIR without a database yet: everything is pending, and nothing is created to say so.
    const list =
      !config.databaseUrl && !embeddedDatabaseExists(config.dataDir)
        ? knownMigrations().map((name) => ({ name, executedAt: undefined }))
        : await withDatabase(config, (database) => migrationStatus(database.db));
    const pending = list.filter((m) => m.executedAt === undefined);
    if (flag(input, 'json')) {
      console.log(
        JSON.stringify({
          database: describeDatabase(config),
          migrations: list.map((m) => ({ name: m.name, applied_at: m.executedAt?.toISOString() ?? null })),
          pending: pending.length,
        }),
      );
    } else {
      console.log(describeDatabase(config));
      for (const m of list) {
        console.log(
          `  ${m.executedAt ? 'applied' : 'pending'}  ${m.name}${m.executedAt ? `  ${m.executedAt.toISOString()}` : ''}`,
        );
      }
      console.log(
        pending.length === 0
          ? `up to date (${list.length} migrations)`
          : `${pending.length} of ${list.length} pending: run \`cyrene db:migrate\` (the gateway also migrates when it starts)`,
      );
    }
    return pending.length === 0 ? 0 : 1;
  },
};
