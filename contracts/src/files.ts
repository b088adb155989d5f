import { c } from './common/contract';

/** §6 — routes to be written. */
export const filesContract = c.router({});
