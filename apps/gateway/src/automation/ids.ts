import { randomBytes } from 'node:crypto';

/** Rule, scene and run ids: 32 lowercase hex characters (spec §10). */
export const newAutomationId = (): string => randomBytes(16).toString('hex');

/** A webhook rule's secret when the client gives none: 32 URL-safe characters. */
export const newWebhookKey = (): string => randomBytes(24).toString('base64url');
