import { open, stat } from 'node:fs/promises';
import { prettyFactory } from 'pino-pretty';
import { type Command, flag, stringOption } from '../command';
import { cliConfig } from '../config';
import { CliError, UsageError } from '../errors';
import { logFileOf } from '../pid-file';

const DEFAULT_LINES = 50;
const POLL_MS = 250;
const TAIL_BLOCK = 64 * 1024;

/** The last `count` lines of a file (up to byte `end`), reading back from there in blocks. */
export async function readTail(file: string, count: number, end?: number): Promise<string[]> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return [];
  try {
    let start = end ?? (await handle.stat()).size;
    let text = '';
    while (start > 0 && text.split('\n').length <= count + 1) {
      const from = Math.max(0, start - TAIL_BLOCK);
      const buf = Buffer.alloc(start - from);
      await handle.read(buf, 0, buf.length, from);
      text = buf.toString('utf8') + text;
      start = from;
    }
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines.slice(-count);
  } finally {
    await handle.close();
  }
}

/**
 * Prints what is appended to `file` from `offset` on, forever (Ctrl-C ends it). A file that
 * shrank was truncated or rotated: reading starts again at its beginning.
 */
async function follow(file: string, offset: number, print: (line: string) => void): Promise<never> {
  let position = offset;
  let partial = '';
  for (;;) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const size = await stat(file).then(
      (s) => s.size,
      () => 0,
    );
    if (size < position) position = 0;
    if (size === position) continue;
    const handle = await open(file, 'r');
    try {
      const buf = Buffer.alloc(size - position);
      await handle.read(buf, 0, buf.length, position);
      position = size;
      const lines = (partial + buf.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) print(line);
    } finally {
      await handle.close();
    }
  }
}

export const logs: Command = {
  name: 'logs',
  summary: 'Show the log of a gateway started with --daemon, pretty-printed, and follow it',
  description:
    'Reads DATA_DIR/logs/gateway.log (gateway-<host name>-<PORT>.log on PostgreSQL). Lines that are not JSON are shown as they are.',
  options: {
    'no-follow': { type: 'boolean', description: 'Print the last lines and exit' },
    lines: {
      type: 'string',
      short: 'n',
      valueName: 'count',
      description: `Lines to show first (default ${DEFAULT_LINES})`,
    },
    raw: { type: 'boolean', description: 'Print the JSON lines as written' },
  },
  async run(input) {
    const config = cliConfig();
    const count = Number(stringOption(input, 'lines') ?? DEFAULT_LINES);
    if (!Number.isInteger(count) || count < 0)
      throw new UsageError(logs.name, '--lines must be a whole number');
    const file = logFileOf(config);
    const size = await stat(file).then(
      (s) => s.size,
      () => undefined,
    );
    if (size === undefined) {
      throw new CliError(`no log file at ${file}`, 'it is written by `cyrene start --daemon`');
    }
    const pretty = prettyFactory({
      colorize: process.stdout.isTTY === true,
      translateTime: 'SYS:standard',
      ignore: 'pid,hostname,service',
    });
    const print = flag(input, 'raw')
      ? (line: string) => process.stdout.write(`${line}\n`)
      : (line: string) => process.stdout.write(line.trimStart().startsWith('{') ? pretty(line) : `${line}\n`);
    for (const line of await readTail(file, count, size)) print(line);
    if (flag(input, 'no-follow')) return 0;
    return follow(file, size, print);
  },
};
