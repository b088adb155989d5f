import { z } from 'zod';

/*
 * How values travel in an account archive, for the domains' own archive schemas
 * (<domain>/account-data.ts): timestamps as RFC 3339 text, read back as Date.
 */

export const ArchivedTimestamp = z
  .string()
  .datetime({ offset: true, message: 'must be an RFC 3339 timestamp' })
  .transform((s) => new Date(s));

export const ArchivedNullableTimestamp = ArchivedTimestamp.nullable();

/** A Date as it is written into an archive. */
export const archivedTime = (d: Date): string => d.toISOString();
export const archivedNullableTime = (d: Date | null): string | null => (d ? d.toISOString() : null);
