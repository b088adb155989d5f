import { c } from './common/contract';

/** §14 — routes to be written. */
export const webhooksContract = c.router({});
