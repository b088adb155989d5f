/**
 * Writes docs/openapi.json and docs/asyncapi.json from contracts/, and docs/configuration.md from
 * the gateway's config schema.
 *   npm run openapi          regenerate the files
 *   npm run openapi:check    exit 1 when the committed files differ from what contracts/ generates
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contract } from '@cyrene/contracts';
import { checkDocs, renderDocs } from './docs/check';
import { diffText, renderConfiguration } from './docs/configuration';
import { ContractDocsError } from './docs/meta';
import { wsSchemas } from './docs/ws-frames';

const docsDir = fileURLToPath(new URL('../docs/', import.meta.url));
const shown = (name: string) => relative(process.cwd(), join(docsDir, name)) || name;

function main(): number {
  if (process.argv.includes('--check')) {
    const differences = checkDocs(contract, wsSchemas, docsDir);
    const configuration = renderConfiguration();
    const committed = (() => {
      try {
        return readFileSync(join(docsDir, configuration.name), 'utf8');
      } catch {
        return undefined;
      }
    })();
    const configHint = diffText(configuration, committed);
    if (configHint) differences.push({ file: configuration.name, pointer: '', hint: configHint });
    for (const d of differences) {
      console.error(`${shown(d.file)} is out of date${d.pointer ? ` at ${d.pointer}` : ''}: ${d.hint}`);
    }
    if (differences.length > 0) {
      console.error('Run `npm run openapi` and commit docs/.');
      return 1;
    }
    console.log('docs/ is up to date');
    return 0;
  }
  const files = [
    ...renderDocs(contract, wsSchemas, (message) => console.warn(`note: ${message}`)),
    renderConfiguration(),
  ];
  mkdirSync(docsDir, { recursive: true });
  for (const file of files) {
    writeFileSync(join(docsDir, file.name), file.text);
    console.log(`wrote ${shown(file.name)}`);
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (!(error instanceof ContractDocsError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
