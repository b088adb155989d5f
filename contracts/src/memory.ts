import { c } from './common/contract';

/** §9 — routes to be written. */
export const memoryContract = c.router({});
