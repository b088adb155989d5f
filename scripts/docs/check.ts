import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppRouter } from '@ts-rest/core';
import { generateAsyncApi } from './asyncapi';
import { firstDifference, toJsonText } from './json';
import { generateOpenApi } from './openapi';
import type { WsSchemas } from './ws-frames';

/** A generated file, as it is committed under docs/. */
export interface DocFile {
  name: string;
  text: string;
}

/** One generated file that does not match what is committed. */
export interface DocDifference {
  file: string;
  /** JSON pointer of the first difference ('' when the file is missing or unreadable). */
  pointer: string;
  hint: string;
}

/** The documents docs/ must hold for this contract and these WebSocket frames. */
export function renderDocs(contract: AppRouter, ws: WsSchemas, warn?: (message: string) => void): DocFile[] {
  return [
    { name: 'openapi.json', text: toJsonText(generateOpenApi(contract, { warn })) },
    { name: 'asyncapi.json', text: toJsonText(generateAsyncApi(ws)) },
  ];
}

const short = (value: unknown): string => {
  const text = value === undefined ? '(absent)' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** How `committed` differs from `expected`, or undefined when they are the same text. */
export function diffDoc(file: DocFile, committed: string | undefined): DocDifference | undefined {
  if (committed === file.text) return undefined;
  if (committed === undefined)
    return { file: file.name, pointer: '', hint: 'missing: run `npm run openapi`' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(committed);
  } catch {
    return { file: file.name, pointer: '', hint: 'not valid JSON: run `npm run openapi`' };
  }
  const expected: unknown = JSON.parse(file.text);
  const pointer = firstDifference(parsed, expected);
  if (pointer === undefined) {
    const line = file.text.split('\n').findIndex((l, i) => l !== committed.split('\n')[i]) + 1;
    return {
      file: file.name,
      pointer: '',
      hint: `same content, different formatting or key order (line ${line})`,
    };
  }
  const at = (doc: unknown) =>
    pointer
      .split('/')
      .slice(1)
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
  return {
    file: file.name,
    pointer,
    hint: `committed ${short(at(parsed))}, generated ${short(at(expected))}`,
  };
}

/** Every file under `docsDir` that differs from what the contract generates now. */
export function checkDocs(contract: AppRouter, ws: WsSchemas, docsDir: string): DocDifference[] {
  return renderDocs(contract, ws).flatMap((file) => {
    let committed: string | undefined;
    try {
      committed = readFileSync(join(docsDir, file.name), 'utf8');
    } catch {
      committed = undefined;
    }
    return diffDoc(file, committed) ?? [];
  });
}
