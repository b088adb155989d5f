import { c } from './common/contract';

/** §12 — routes to be written. */
export const remindersContract = c.router({});
