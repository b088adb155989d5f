import { z } from 'zod';

/** Milliseconds since the Unix epoch, as the spec shows for sessions, messages and files. */
export const EpochMillisSchema = z.number().int().describe('Unix epoch milliseconds');

/** Seconds since the Unix epoch (token `expires`). */
export const EpochSecondsSchema = z.number().int().describe('Unix epoch seconds');

/** An RFC 3339 timestamp, as the spec shows for profiles, knowledge, reminders and briefings. */
export const Rfc3339Schema = z.string().describe('RFC 3339 timestamp, e.g. 2026-01-01T00:00:00Z');

/** An ISO 8601 timestamp supplied by a client (validated by the service with the spec's message). */
export const IsoDateTimeInputSchema = z.string().describe('ISO 8601, e.g. 2024-01-01T15:00:00Z');
