import { contract, routesOf } from '@cyrene/contracts';
import type { OpenAPIObject, OperationObject } from 'openapi3-ts/oas31';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateOpenApi } from './openapi';
import { operationIdOf } from './operation';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

describe('operation summaries', () => {
  let operations: OperationObject[];
  beforeAll(() => {
    const doc: OpenAPIObject = generateOpenApi(contract);
    operations = Object.values(doc.paths ?? {}).flatMap((item) => METHODS.flatMap((m) => item[m] ?? []));
  });

  it('gives every operation a short English summary', () => {
    for (const { operationId, summary } of operations) {
      // English: printable ASCII only, so no Chinese heading stands in for one.
      expect({ operationId, summary }).toEqual({
        operationId,
        summary: expect.stringMatching(/^[ -~]{3,70}$/),
      });
    }
  });

  it('never gives two operations the same summary', () => {
    const summaries = operations.map((o) => o.summary?.toLowerCase());
    expect(summaries.filter((s, i) => summaries.indexOf(s) !== i)).toEqual([]);
  });

  it("keeps the spec's Chinese heading in the description, beside the English one", () => {
    for (const [keys, route] of routesOf(contract)) {
      const operation = operations.find((o) => o.operationId === operationIdOf(keys));
      expect(operation?.description).toBeTruthy();
      if (route.summary && route.summary !== operation?.summary) {
        expect(operation?.description).toContain(`${route.summary} — ${operation?.summary}.`);
      }
    }
  });
});
