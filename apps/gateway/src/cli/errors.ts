/**
 * An expected failure of a command (a gateway already running, a file that is not a backup…):
 * main.ts prints the message and the hint, never a stack, and exits with `exitCode`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Wrong arguments: exit code 2, with the command's usage line as the hint. */
export class UsageError extends CliError {
  constructor(
    /** The command whose usage was wrong; undefined when no command was recognised. */
    readonly commandName: string | undefined,
    message: string,
  ) {
    super(message, commandName ? `see: cyrene ${commandName} --help` : 'see: cyrene --help', 2);
    this.name = 'UsageError';
  }
}
