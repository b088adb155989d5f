import type { AuthTables } from './tables/auth';

/*
 * Every table of the gateway, one interface per area in tables/. Timestamps are `timestamptz`,
 * read as Date; each domain's mapper turns them into the spec's epoch milliseconds or RFC 3339.
 */
export interface Database extends AuthTables {}

export type * from './tables/auth';
