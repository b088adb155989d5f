import type { SchemaObject } from 'openapi3-ts/oas31';
import { datetimeRegex, ZodString } from 'zod';
import type { NamedSchemas } from './components';

/*
 * zod-openapi writes every `.datetime()` as `format: date-time` (RFC 3339, offset required).
 * A `.datetime({ local: true })` also accepts a time without Z or offset, so a client that
 * trusts the format would never send one. Such a named schema is documented by the exact
 * pattern zod applies instead.
 */

/** Component name → the pattern zod checks, for named strings that accept a local time. */
function localDateTimePatterns(named: NamedSchemas): Map<string, string> {
  const patterns = new Map<string, string>();
  for (const [schema, name] of named) {
    if (!(schema instanceof ZodString)) continue;
    for (const check of schema._def.checks) {
      if (check.kind === 'datetime' && check.local) patterns.set(name, datetimeRegex(check).source);
    }
  }
  return patterns;
}

/** Replaces `format: date-time` by the accepted pattern on those components, in place. */
export function documentLocalDateTimes(named: NamedSchemas, schemas: Record<string, SchemaObject>): void {
  for (const [name, pattern] of localDateTimePatterns(named)) {
    const schema = schemas[name];
    if (!schema) continue;
    delete schema.format;
    schema.pattern = pattern;
  }
}
