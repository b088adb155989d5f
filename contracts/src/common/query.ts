import { z } from 'zod';

/*
 * Query strings are strings. `z.coerce.boolean()` would turn "false" into true and
 * `z.coerce.number()` turns "" into 0, so every query number and flag goes through these.
 */

interface IntOptions {
  min?: number;
  /** Default: QUERY_INT_MAX. */
  max?: number;
}

/**
 * The largest integer any query parameter takes unless it says less: PostgreSQL's `integer`, so
 * an offset or page always fits what the database computes with it.
 */
export const QUERY_INT_MAX = 2_147_483_647;

const integerString = z
  .string()
  .trim()
  .regex(/^-?\d+$/, '必须是整数')
  .transform(Number);

function boundedInt({ min, max = QUERY_INT_MAX }: IntOptions) {
  const n = z.number().int().max(max, `不能大于 ${max}`);
  return min === undefined ? n : n.min(min, `不能小于 ${min}`);
}

/** An integer query parameter within bounds; absent → `fallback`. */
export function queryInt(fallback: number, options: IntOptions = {}) {
  return z.union([z.number().int(), integerString]).pipe(boundedInt(options)).optional().default(fallback);
}

/** An optional integer query parameter with no default. */
export function queryOptionalInt(options: IntOptions = {}) {
  return z.union([z.number().int(), integerString]).pipe(boundedInt(options)).optional();
}

/** A boolean query parameter: only true/false/1/0 are accepted. */
export function queryBool() {
  return z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
    .transform((v) => v === true || v === 'true' || v === '1')
    .optional();
}
