import { newPrefixedId } from '../db/ids';

/** A webhook conversation's session when the caller names none: `webhook_` + 12 random characters. */
export const newWebhookSessionId = (): string => newPrefixedId('webhook');

/** Outside callers act as `ext_<id>`, never as the administrator or a registered user. */
export function externalUserId(id: string): string {
  return id.startsWith('ext_') ? id : `ext_${id}`;
}
