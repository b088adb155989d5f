import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A new session id: `session_` + 12 random characters (spec §2–3). */
export function newSessionId(): string {
  let suffix = '';
  for (let i = 0; i < 12; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `session_${suffix}`;
}
