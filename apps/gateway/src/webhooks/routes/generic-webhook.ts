import { contract } from '@cyrene/contracts';
import { s } from '../../http/server';
import type { GenericWebhookService } from '../service';
import { requireWebhookKey } from '../webhook-key';

/** The key is checked in middleware, before the body is validated: a stranger learns nothing. */
export const genericWebhook = (webhooks: GenericWebhookService, webhookKey: string | undefined) =>
  s.route(contract.webhooks.genericWebhook, {
    middleware: [requireWebhookKey(webhookKey)],
    handler: async ({ body }) => ({ status: 200, body: await webhooks.handle(body) }),
  });
