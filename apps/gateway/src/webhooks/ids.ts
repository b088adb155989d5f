import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A webhook conversation's session when the caller names none: `webhook_` + 12 random characters. */
export function newWebhookSessionId(): string {
  let suffix = '';
  for (let i = 0; i < 12; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `webhook_${suffix}`;
}

/** Outside callers act as `ext_<id>`, never as the administrator or a registered user. */
export function externalUserId(id: string): string {
  return id.startsWith('ext_') ? id : `ext_${id}`;
}
