import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contract } from '@cyrene/contracts';
import { type AppRoute, type AppRouter, isAppRoute } from '@ts-rest/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkDocs, diffDoc } from './check';
import { frameVariants, wsSchemas } from './ws-frames';

const docsDir = fileURLToPath(new URL('../../docs/', import.meta.url));

/** A copy of `router` where the first object response of a success status has one more field. */
function withExtraField(router: AppRouter): { copy: AppRouter; changed?: string } {
  let changed: string | undefined;
  const copy = (node: AppRouter): AppRouter =>
    Object.fromEntries(
      Object.entries(node).map(([key, value]): [string, AppRouter | AppRoute] => {
        if (!isAppRoute(value)) return [key, copy(value)];
        const status = Object.keys(value.responses).find((s) => s.startsWith('2'));
        const schema = status ? value.responses[Number(status)] : undefined;
        if (changed || !status || !(schema instanceof z.ZodObject)) return [key, value];
        changed = `${value.method} ${value.path} ${status}`;
        const responses = { ...value.responses, [status]: schema.extend({ drift_probe: z.string() }) };
        return [key, { ...value, responses }];
      }),
    );
  return { copy: copy(router), changed };
}

describe('checkDocs', () => {
  it('finds nothing to report for the contract docs/ was generated from', () => {
    expect(checkDocs(contract, wsSchemas, docsDir)).toEqual([]);
  });

  it('reports a response schema that gained a field', () => {
    const { copy, changed } = withExtraField(contract);
    expect(changed).toBeDefined();
    const differences = checkDocs(copy, wsSchemas, docsDir);
    expect(differences).toHaveLength(1);
    expect(differences[0]?.file).toBe('openapi.json');
    expect(differences[0]?.pointer).toMatch(/^\/(paths|components)\//);
  });

  it('reports a WebSocket frame that was added', () => {
    const server = wsSchemas.server as z.ZodDiscriminatedUnion<'type', [z.AnyZodObject]>;
    const probe = z.object({ type: z.literal('drift_probe') });
    const extended = z.discriminatedUnion('type', [...server.options, probe]);
    expect(frameVariants(extended)).toHaveLength(frameVariants(server).length + 1);
    const differences = checkDocs(contract, { ...wsSchemas, server: extended }, docsDir);
    expect(differences.map((d) => d.file)).toEqual(['asyncapi.json']);
  });

  it('reports missing files', () => {
    const empty = mkdtempSync(join(tmpdir(), 'cyrene-docs-'));
    try {
      const differences = checkDocs(contract, wsSchemas, empty);
      expect(differences.map((d) => [d.file, d.hint])).toEqual([
        ['openapi.json', expect.stringMatching(/missing/)],
        ['asyncapi.json', expect.stringMatching(/missing/)],
      ]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('points at the first differing value', () => {
    const file = { name: 'x.json', text: `${JSON.stringify({ a: { b: [1, 2] } }, null, 2)}\n` };
    expect(diffDoc(file, file.text)).toBeUndefined();
    expect(diffDoc(file, JSON.stringify({ a: { b: [1, 3] } }))).toMatchObject({ pointer: '/a/b/1' });
    expect(diffDoc(file, JSON.stringify({ a: { b: [1, 2] } }))?.hint).toMatch(/formatting/);
    expect(diffDoc(file, '{')?.hint).toMatch(/not valid JSON/);
  });
});
