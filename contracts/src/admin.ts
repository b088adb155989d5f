import { c } from './common/contract';

/** §15 — routes to be written. */
export const adminContract = c.router({});
