import { readFileSync } from 'node:fs';

/** The marker at the root of every generated document. */
export const GENERATED_MARKER = 'generated from contracts/ by scripts/generate-docs.ts — do not edit';

/** The version of contracts/, which the documents carry. */
export const contractsVersion = (): string =>
  (
    JSON.parse(readFileSync(new URL('../../contracts/package.json', import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;

/** What in the contract cannot be documented, one line per route and reason. */
export class ContractDocsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The contract cannot be documented:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ContractDocsError';
  }
}
