import { c } from './common/contract';

/** §11 — routes to be written. */
export const notificationsContract = c.router({});
