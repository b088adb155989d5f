import fc from 'fast-check';

/**
 * Pieces of bad input, each a class a careless or hostile client sends: strings the database
 * or a parser chokes on, numbers beyond what columns hold, nesting that blows a stack.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Percent-encodes any string; a lone surrogate (which has no UTF-8) goes as U+FFFD, as browsers send it. */
export function urlEncode(s: string): string {
  return encodeURIComponent(s.replace(LONE_SURROGATE, '\uFFFD'));
}

/** A JSON text nested `depth` levels deep: built as text, since the fuzzer's own stack must survive it. */
export function deepJson(depth: number): string {
  return `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
}

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  // NUL first among equals: PostgreSQL stores no NUL, so it is the likeliest to slip through to a 500.
  { weight: 2, arbitrary: fc.constantFrom('a\u0000b', '\u0000', 'tail\u0000') },
  fc.constantFrom(
    '',
    ' ',
    'a\u0000b',
    '\u0000',
    '\uD800',
    'x\uDFFFy',
    '\uFEFF',
    '\u202Eevil',
    'e\u0301\u0301\u0301',
    '🙂'.repeat(500),
    "'; drop table users; --",
    '../../etc/passwd',
    '<script>alert(1)</script>',
    'line\r\nbreak',
    '%00',
    '%ZZ',
    '1e999',
    'x'.repeat(70_000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

/** A JSON fragment (raw text) that no schema of the contract should take as it stands. */
export const badJsonFragment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: nastyString.map((s) => JSON.stringify(s)) },
  fc.constantFrom(
    'null',
    'true',
    '0',
    '-1',
    '1.5',
    '-0',
    '2147483648',
    '9007199254740993',
    '99999999999999999999',
    '1e308',
    '1e999',
    '-1e999',
    '[]',
    '{}',
    '[null]',
    '{"": null}',
    '{"\\u0000": 1}',
    '"2024-02-30T25:61:00Z"',
  ),
  fc.integer({ min: 200, max: 5_000 }).map(deepJson),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
);

/** Values for a query parameter, already encoded for the URL. */
export const badQueryValue: fc.Arbitrary<string> = fc.oneof(
  nastyString.map(urlEncode),
  fc.constantFrom(
    '',
    '-1',
    '0',
    '1.5',
    '1e3',
    '0x10',
    '%201',
    '99999999999999999999',
    '9223372036854775808',
    '2147483648',
    'NaN',
    'true',
    '%ZZ',
    '%',
    '%E0%A4%A',
    '%00',
  ),
);

/** A path segment as sent on the wire: malformed percent-encoding, NUL, huge, traversal, unicode. */
export const badPathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '%ZZ',
    '%',
    '%E0%A4%A',
    '%C0%AF',
    '%FF%FE',
    '%ED%A0%80',
    'a%00b',
    '%00',
    '%2e%2e',
    '%2F',
    '%20',
    '-1',
    '0',
    '99999999999999999999',
    'null',
    '%F0%9F%99%82',
    'x'.repeat(4_000),
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(urlEncode),
);
