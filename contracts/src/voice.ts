import { c } from './common/contract';

/** §5 — routes to be written. */
export const voiceContract = c.router({});
