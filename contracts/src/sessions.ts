import { c } from './common/contract';

/** §3 — routes to be written. */
export const sessionsContract = c.router({});
