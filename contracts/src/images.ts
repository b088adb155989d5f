import { c } from './common/contract';

/** §7 — routes to be written. */
export const imagesContract = c.router({});
