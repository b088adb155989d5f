import type { Command } from '../command';
import { cliConfig, describeDatabase } from '../config';
import { migrateAll } from '../migrations';
import { withDatabase } from '../runtime';

export const dbMigrate: Command = {
  name: 'db:migrate',
  summary: 'Apply every pending database migration',
  description:
    'The gateway also migrates when it starts; this runs them alone (before a first user:create, say).\n' +
    'Each migration runs in its own transaction; a failing one is named and stops the rest.',
  async run() {
    const config = cliConfig();
    const applied = await withDatabase(config, (database) => migrateAll(database.db), { create: true });
    if (applied.length === 0) console.log(`${describeDatabase(config)}: already up to date`);
    else {
      for (const name of applied) console.log(`applied ${name}`);
      console.log(`${describeDatabase(config)}: ${applied.length} migration(s) applied, up to date`);
    }
    return 0;
  },
};
