import { c } from './common/contract';

/** §4 — routes to be written. */
export const messagesContract = c.router({});
