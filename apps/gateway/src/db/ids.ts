import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The one generator of prefixed row ids: `<prefix>_` + `length` random lowercase letters and
 * digits (`session_…`, `webhook_…`, `brief_…`: the spec's shapes). 36^12 ≈ 4.7e18 values, so a
 * clash is left to the table's primary key.
 */
export function newPrefixedId(prefix: string, length = 12): string {
  let suffix = '';
  for (let i = 0; i < length; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `${prefix}_${suffix}`;
}
