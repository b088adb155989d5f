import { PRIVATE_UMASK } from '../db/data-dir-permissions';
import { ApiError } from '../http/api-error';
import { type Command, commandHelp, parseInput } from './command';
import { CliError, UsageError } from './errors';

/**
 * Every command, in the order `cyrene --help` lists them. Each is loaded only when it runs:
 * `cyrene status` should not pay for importing every domain of the gateway.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  start: () => import('./commands/start').then((m) => m.start),
  stop: () => import('./commands/stop').then((m) => m.stop),
  status: () => import('./commands/status').then((m) => m.status),
  logs: () => import('./commands/logs').then((m) => m.logs),
  'db:migrate': () => import('./commands/db-migrate').then((m) => m.dbMigrate),
  'db:status': () => import('./commands/db-status').then((m) => m.dbStatus),
  'db:backup': () => import('./commands/db-backup').then((m) => m.dbBackup),
  'db:restore': () => import('./commands/db-restore').then((m) => m.dbRestore),
  'user:create': () => import('./commands/user-create').then((m) => m.userCreate),
  'user:reset-password': () => import('./commands/user-reset-password').then((m) => m.userResetPassword),
  export: () => import('./commands/export').then((m) => m.exportUser),
  import: () => import('./commands/import').then((m) => m.importUser),
  'blobs:migrate': () => import('./commands/blobs-migrate').then((m) => m.blobsMigrate),
};

async function overview(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'Usage: cyrene <command> [arguments] [options]',
    '',
    'The Cyrene Gateway operator CLI. It reads the same settings as the gateway (environment and',
    '.env in the working directory): DATA_DIR, DATABASE_URL, HOST, PORT, …',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run `cyrene <command> --help` for a command’s arguments and options.',
    '',
  ].join('\n');
}

/** What an expected failure looks like on stderr: the message, then what to do about it. */
function report(message: string, hint?: string): void {
  console.error(`error: ${message}`);
  if (hint) console.error(`hint: ${hint}`);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(await overview());
    return name === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) throw new UsageError(undefined, `unknown command: ${name}`);
  const command = await load();
  const input = parseInput(command, rest);
  if (input.help) {
    process.stdout.write(commandHelp(command));
    return 0;
  }
  // Backups, exports, an embedded database, pid files and logs: the operator's alone (0600/0700).
  process.umask(PRIVATE_UMASK);
  return (await command.run(input)) ?? 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    // The foreground `start` keeps running: the server decides when the process exits.
    if (process.argv[2] !== 'start' || process.argv.includes('--daemon') || process.argv.includes('-d')) {
      process.exit(code);
    }
  },
  (e: unknown) => {
    if (e instanceof CliError) {
      report(e.message, e.hint);
      process.exit(e.exitCode);
    }
    // A rule of the gateway itself (a username taken, a user not found): its message says it.
    if (e instanceof ApiError) {
      report(e.message, e.hint);
      process.exit(1);
    }
    report(
      e instanceof Error ? e.message : String(e),
      'this was not expected; CYRENE_DEBUG=1 shows where it happened',
    );
    if (process.env.CYRENE_DEBUG && e instanceof Error) console.error(e.stack);
    process.exit(1);
  },
);
