import { createInterface } from 'node:readline';
import { CliError } from './errors';

/** One line of stdin (a password piped in by a script: `echo "$PW" | cyrene user:create bob`). */
async function readLine(): Promise<string> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of rl) return line;
    throw new CliError('no password given on stdin', 'pass --password, or type it at the prompt');
  } finally {
    rl.close();
  }
}

/** Reads a line from the terminal without echoing it. */
function readHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const finish = (error?: CliError) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new CliError('cancelled', undefined, 130));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * A new password: typed twice at a terminal (not shown), or one line of stdin when stdin is not
 * a terminal.
 */
export async function promptNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readLine();
  const first = await readHidden('Password: ');
  const again = await readHidden('Repeat password: ');
  if (first !== again) throw new CliError('the two passwords differ');
  return first;
}
