import { c } from './common/contract';

/** §10 — routes to be written. */
export const automationContract = c.router({});
