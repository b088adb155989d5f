import { c } from './common/contract';

/** §13 — routes to be written. */
export const briefingsContract = c.router({});
