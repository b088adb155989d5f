import { describe, expect, it } from 'vitest';
import { type Command, commandHelp, parseInput } from './command';
import { UsageError } from './errors';

const sample: Command = {
  name: 'db:backup',
  summary: 'Write a backup',
  positionals: [{ name: 'file', required: true, description: 'Where to write it' }],
  options: {
    'no-blobs': { type: 'boolean', description: 'Leave out stored files' },
    out: { type: 'string', short: 'o', valueName: 'file', description: 'Output' },
  },
  run: async () => 0,
};

describe('command line parsing', () => {
  it('reads positionals, flags and string options', () => {
    const input = parseInput(sample, ['b.jsonl', '--no-blobs', '-o', 'x']);
    expect(input).toMatchObject({
      positionals: ['b.jsonl'],
      values: { 'no-blobs': true, out: 'x' },
      help: false,
    });
  });

  it.each([
    [[], 'missing <file>'],
    [['a', 'b'], 'unexpected argument: b'],
    [['a', '--nope'], "Unknown option '--nope'"],
  ])('%j is a usage error (exit 2): %s', (argv, message) => {
    let error: unknown;
    try {
      parseInput(sample, argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ exitCode: 2, hint: 'see: cyrene db:backup --help' });
    expect((error as Error).message).toContain(message);
  });

  it('--help needs no arguments, and the help names every option', () => {
    expect(parseInput(sample, ['--help']).help).toBe(true);
    expect(commandHelp(sample)).toBe(
      [
        'Usage: cyrene db:backup <file> [options]',
        '',
        'Write a backup',
        '',
        'Arguments:',
        '  file  Where to write it',
        '',
        'Options:',
        '      --no-blobs    Leave out stored files',
        '  -o, --out <file>  Output',
        '  -h, --help        Show this help',
        '',
      ].join('\n'),
    );
  });
});
