import { parseArgs } from 'node:util';
import { UsageError } from './errors';

/** One option of a command, as node:util parseArgs takes it, with the words `--help` shows. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  description: string;
  /** Shown in help after a string option: `--out <file>`. */
  valueName?: string;
}

/** A positional argument, in order. */
export interface PositionalSpec {
  name: string;
  description: string;
  required: boolean;
}

export interface ParsedInput {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * One `cyrene <name>` command. `run` resolves to the exit code (0 when it says nothing);
 * expected failures throw CliError, which main.ts prints without a stack.
 */
export interface Command {
  name: string;
  summary: string;
  /** Paragraphs shown by `--help` under the usage line. */
  description?: string;
  positionals?: PositionalSpec[];
  options?: Record<string, OptionSpec>;
  run(input: ParsedInput): Promise<number | undefined>;
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', description: 'Show this help' };

/** Parses argv for `command` (strict: unknown options and extra arguments are usage errors). */
export function parseInput(command: Command, argv: string[]): ParsedInput & { help: boolean } {
  const options = { ...command.options, help: HELP };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        Object.entries(options).map(([name, o]) => [
          name,
          { type: o.type, ...(o.short ? { short: o.short } : {}) },
        ]),
      ),
    });
  } catch (e) {
    throw new UsageError(command.name, e instanceof Error ? e.message : String(e));
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const help = values.help === true;
  const specs = command.positionals ?? [];
  if (!help) {
    const missing = specs.filter((p, i) => p.required && parsed.positionals[i] === undefined);
    if (missing.length > 0)
      throw new UsageError(command.name, `missing <${missing.map((m) => m.name).join('> <')}>`);
    if (parsed.positionals.length > specs.length) {
      throw new UsageError(command.name, `unexpected argument: ${parsed.positionals[specs.length]}`);
    }
  }
  return { values, positionals: parsed.positionals, help };
}

export function usageLine(command: Command): string {
  const args = (command.positionals ?? []).map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`));
  const hasOptions = Object.keys(command.options ?? {}).length > 0;
  return ['cyrene', command.name, ...args, ...(hasOptions ? ['[options]'] : [])].join(' ');
}

/** The text of `cyrene <command> --help`. */
export function commandHelp(command: Command): string {
  const lines = [`Usage: ${usageLine(command)}`, '', command.summary];
  if (command.description) lines.push('', command.description);
  const positionals = command.positionals ?? [];
  if (positionals.length > 0) {
    lines.push('', 'Arguments:');
    const width = Math.max(...positionals.map((p) => p.name.length)) + 2;
    for (const p of positionals) lines.push(`  ${p.name.padEnd(width)}${p.description}`);
  }
  const options = Object.entries({ ...command.options, help: HELP }).map(([name, o]) => ({
    flag: `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` <${o.valueName ?? 'value'}>` : ''}`,
    description: o.description,
  }));
  const width = Math.max(...options.map((o) => o.flag.length)) + 2;
  lines.push('', 'Options:', ...options.map((o) => `  ${o.flag.padEnd(width)}${o.description}`));
  return `${lines.join('\n')}\n`;
}

/** A string option's value, or undefined. */
export const stringOption = (input: ParsedInput, name: string): string | undefined => {
  const v = input.values[name];
  return typeof v === 'string' ? v : undefined;
};

export const flag = (input: ParsedInput, name: string): boolean => input.values[name] === true;
