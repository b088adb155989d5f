import { c } from './common/contract';

/** §8 — routes to be written. */
export const knowledgeContract = c.router({});
