import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { badJsonFragment, badPathSegment, badQueryValue, deepJson, nastyString } from './bad-values';
import { type OpenApiDocument, resolve, sampleValue } from './json-schema';
import type { Operation } from './operations';

export type Principal = 'anonymous' | 'user' | 'otherUser' | 'admin';

/** One request the fuzzer sends, printable as it went on the wire. */
export interface FuzzRequest {
  operationId: string;
  principal: Principal;
  method: string;
  /** Path and query, encoded as sent. */
  target: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** What was broken, for the failure message. */
  mutation: string;
}

export interface FuzzContext {
  doc: OpenApiDocument;
  /** A real id of the user's own resource under a path template's prefix, e.g. `/api/v1/sessions`. */
  knownIds: Record<string, string>;
}

interface Part {
  target: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  mutation: string;
}

const PLACEHOLDER = '\u0001fuzz\u0001';

/** Every place in a JSON value a mutation can aim at: paths to object entries and array items. */
function locations(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return path.length > 0 ? [path] : [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  const own = path.length > 0 ? [path] : [];
  return [...own, ...entries.flatMap(([k, v]) => locations(v, [...path, k]))];
}

function parentOf(root: unknown, path: (string | number)[]): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return node;
}

/** The valid sample with one spot broken: a field dropped, replaced by a bad fragment, or added. */
export function brokenJson(sample: unknown): fc.Arbitrary<{ text: string; mutation: string }> {
  const spots = locations(sample);
  const replace =
    spots.length === 0
      ? fc.constant(undefined)
      : fc.record({ at: fc.constantFrom(...spots), fragment: badJsonFragment, drop: fc.boolean() });
  const extra = fc.record({
    key: fc.oneof(nastyString, fc.constant('__proto__')),
    fragment: badJsonFragment,
  });
  return fc.oneof(
    replace.map((r) => {
      if (!r) return { text: JSON.stringify(sample), mutation: 'valid sample' };
      const copy = structuredClone(sample);
      const parent = parentOf(copy, r.at);
      const key = r.at[r.at.length - 1] as string | number;
      if (r.drop && !Array.isArray(parent)) {
        delete parent[key];
        return { text: JSON.stringify(copy), mutation: `dropped ${r.at.join('.')}` };
      }
      parent[key] = PLACEHOLDER;
      const text = JSON.stringify(copy).replace(JSON.stringify(PLACEHOLDER), r.fragment);
      return { text, mutation: `${r.at.join('.')} = ${r.fragment.slice(0, 80)}` };
    }),
    extra.map(({ key, fragment }) => {
      const base = sample !== null && typeof sample === 'object' && !Array.isArray(sample) ? sample : {};
      const text = JSON.stringify({ ...base, [key]: PLACEHOLDER }).replace(
        JSON.stringify(PLACEHOLDER),
        fragment,
      );
      return { text, mutation: `extra field ${JSON.stringify(key).slice(0, 40)}` };
    }),
  );
}

/** A whole body that is not what any JSON route takes, or is not decodable at all. */
const brokenWholeBody: fc.Arbitrary<Omit<Part, 'target'>> = fc.oneof(
  fc
    .constantFrom('', 'null', '[]', '"text"', '123', '{', '{"a":', '{"a":1}}', "{'a':1}", '\u0000')
    .map((body) => ({ headers: { 'content-type': 'application/json' }, body, mutation: `body ${body}` })),
  fc.integer({ min: 1_000, max: 20_000 }).map((depth) => ({
    headers: { 'content-type': 'application/json' },
    body: deepJson(depth),
    mutation: `body nested ${depth} deep`,
  })),
  fc.constantFrom('gzip', 'deflate', 'br').map((encoding) => ({
    headers: { 'content-type': 'application/json', 'content-encoding': encoding },
    body: Buffer.from('this is not compressed at all'),
    mutation: `body not ${encoding}`,
  })),
  fc.constant({
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: gzipSync(Buffer.from('{"a":1}')).subarray(0, 12),
    mutation: 'gzip body cut short',
  }),
  fc.constantFrom('compress', 'x-unknown').map((encoding) => ({
    headers: { 'content-type': 'application/json', 'content-encoding': encoding },
    body: '{}',
    mutation: `unsupported encoding ${encoding}`,
  })),
  fc
    .constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/xml',
      'multipart/form-data',
    )
    .map((type) => ({
      headers: { 'content-type': type },
      body: 'a=1&b=%00',
      mutation: `content-type ${type}`,
    })),
  fc.constant({
    headers: { 'content-type': 'application/json' },
    body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0x22, 0x7d]),
    mutation: 'invalid UTF-8 in a string',
  }),
);

function multipartBody(parts: { name: string; filename?: string; type?: string; data: Buffer }[]): Part {
  const boundary = '----cyrene-fuzz-boundary';
  const chunks = parts.flatMap((p) => [
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="${p.name}"` +
        (p.filename === undefined ? '' : `; filename="${p.filename}"`) +
        `\r\ncontent-type: ${p.type ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    p.data,
    Buffer.from('\r\n'),
  ]);
  return {
    target: '',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]),
    mutation: `multipart ${parts.map((p) => `${JSON.stringify(p.name)}:${JSON.stringify(p.filename)}`).join(', ')}`,
  };
}

const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

function brokenMultipart(filePart: string): fc.Arbitrary<Omit<Part, 'target'>> {
  return fc.oneof(
    nastyString.map((filename) =>
      multipartBody([{ name: filePart, filename, type: 'image/png', data: PNG_1PX }]),
    ),
    nastyString.map((name) => multipartBody([{ name, filename: 'a.png', type: 'image/png', data: PNG_1PX }])),
    fc.constant(multipartBody([{ name: 'other', data: Buffer.from('no file here') }])),
    fc.constant(
      multipartBody([{ name: filePart, filename: 'empty.png', type: 'image/png', data: Buffer.alloc(0) }]),
    ),
    fc.constant(
      multipartBody([
        { name: filePart, filename: 'a.png', data: PNG_1PX },
        { name: filePart, filename: 'b.png', data: PNG_1PX },
      ]),
    ),
    fc.constant({
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\ncontent-disposition: form-data; name="file"; filename="a.png"\r\n\r\nno closing boundary',
      mutation: 'multipart without its closing boundary',
    }),
    fc.constant({
      headers: { 'content-type': 'multipart/form-data' },
      body: 'no boundary at all',
      mutation: 'multipart without a boundary',
    }),
  );
}

function pathArbitrary(op: Operation, ctx: FuzzContext): fc.Arbitrary<{ path: string; mutation?: string }> {
  if (op.pathParameters.length === 0) return fc.constant({ path: op.path });
  const prefix = op.path.slice(0, op.path.indexOf('/{'));
  const known = ctx.knownIds[prefix];
  const real = known === undefined ? [] : [fc.constant(encodeURIComponent(known))];
  const values = op.pathParameters.map(() => fc.oneof(...real, ...real, badPathSegment));
  return fc.tuple(...values).map((segments) => {
    let path = op.path;
    op.pathParameters.forEach((name, i) => {
      path = path.replace(`{${name}}`, segments[i] ?? '');
    });
    const bad = segments.filter((s) => s !== (known === undefined ? undefined : encodeURIComponent(known)));
    return {
      path,
      mutation: bad.length > 0 ? `path ${bad.map((s) => s.slice(0, 40)).join(',')}` : undefined,
    };
  });
}

function queryArbitrary(op: Operation): fc.Arbitrary<{ query: string; mutation?: string }> {
  const names = [...op.query.map((q) => q.name), 'unknown_param'];
  const pair = fc
    .record({ name: fc.constantFrom(...names), value: badQueryValue, shape: fc.nat(3) })
    .map((p) => {
      if (p.shape === 1) return `${p.name}=${p.value}&${p.name}=1`;
      if (p.shape === 2) return `${p.name}[a]=${p.value}`;
      return `${p.name}=${p.value}`;
    });
  return fc
    .option(pair, { nil: undefined })
    .map((q) => (q === undefined ? { query: '' } : { query: q, mutation: `query ${q.slice(0, 80)}` }));
}

function bodyArbitrary(op: Operation, ctx: FuzzContext): fc.Arbitrary<Omit<Part, 'target'>> {
  if (op.bodyKind === 'multipart') return brokenMultipart(op.filePart ?? 'file');
  if (op.bodyKind === 'none') {
    const none = fc.constant({ headers: {}, mutation: '' });
    return op.method === 'GET' ? none : fc.oneof(none, brokenWholeBody);
  }
  const sample = sampleValue(ctx.doc, resolve(ctx.doc, op.bodySchema ?? {}));
  return fc.oneof(
    {
      weight: 4,
      arbitrary: brokenJson(sample).map(({ text, mutation }) => ({
        headers: { 'content-type': 'application/json' },
        body: text,
        mutation,
      })),
    },
    { weight: 1, arbitrary: brokenWholeBody },
  );
}

const badAuthorization = fc.constantFrom(
  'Bearer',
  'Bearer ',
  'Bearer not-a-jwt',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.',
  'Basic YWRtaW46YWRtaW4=',
  `Bearer ${'a'.repeat(6_000)}`,
  'Bearer a.b.c.d',
);

/** Bad variants of one operation: each request breaks at least one thing the contract forbids. */
export function badRequests(op: Operation, ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      principal: fc.constantFrom<Principal>('anonymous', 'user', 'user', 'otherUser', 'admin', 'admin'),
      path: pathArbitrary(op, ctx),
      query: queryArbitrary(op),
      body: bodyArbitrary(op, ctx),
      // One request in six swaps the caller's credentials for bad ones; the rest reach the route.
      authorization: fc.oneof(
        { weight: 5, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: badAuthorization },
      ),
    })
    .map(({ principal, path, query, body, authorization }) => ({
      operationId: op.operationId,
      principal,
      method: op.method,
      target: query.query === '' ? path.path : `${path.path}?${query.query}`,
      headers: authorization === undefined ? body.headers : { ...body.headers, authorization },
      body: body.body,
      mutation: [
        path.mutation,
        query.mutation,
        body.mutation,
        authorization && `authorization ${authorization.slice(0, 30)}`,
      ]
        .filter(Boolean)
        .join('; '),
    }));
}
