import { z } from 'zod';

/*
 * Query strings are strings. `z.coerce.boolean()` would turn "false" into true and
 * `z.coerce.number()` turns "" into 0, so every query number and flag goes through these.
 */

interface IntOptions {
  min?: number;
  max?: number;
}

const integerString = z
  .string()
  .trim()
  .regex(/^-?\d+$/, '必须是整数')
  .transform(Number);

/** An integer query parameter within bounds; absent → `fallback`. */
export function queryInt(fallback: number, { min, max }: IntOptions = {}) {
  let n = z.number().int();
  if (min !== undefined) n = n.min(min, `不能小于 ${min}`);
  if (max !== undefined) n = n.max(max, `不能大于 ${max}`);
  return z.union([z.number().int(), integerString]).pipe(n).optional().default(fallback);
}

/** An optional integer query parameter with no default. */
export function queryOptionalInt({ min, max }: IntOptions = {}) {
  let n = z.number().int();
  if (min !== undefined) n = n.min(min, `不能小于 ${min}`);
  if (max !== undefined) n = n.max(max, `不能大于 ${max}`);
  return z.union([z.number().int(), integerString]).pipe(n).optional();
}

/** A boolean query parameter: only true/false/1/0 are accepted. */
export function queryBool() {
  return z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
    .transform((v) => v === true || v === 'true' || v === '1')
    .optional();
}
