import { newPrefixedId } from '../db/ids';

/** A new session id: `session_` + 12 random characters (docs/api-notes.md, sessions). */
export const newSessionId = (): string => newPrefixedId('session');
