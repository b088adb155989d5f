import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ApiError } from '../http/api-error';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * The `X-Webhook-Key` check, before the body is looked at. Both sides are hashed first so the
 * comparison takes the same time whatever the key's length or how much of it matches.
 */
export function requireWebhookKey(webhookKey: string | undefined): RequestHandler {
  const expected = webhookKey === undefined ? undefined : digest(webhookKey);
  return (req, _res, next) => {
    if (!expected) {
      return next(
        new ApiError(
          'service_unavailable',
          'Webhook 未启用',
          '在 .env 中设置 WEBHOOK_KEY 并重启网关,调用时在 X-Webhook-Key 头中携带它',
        ),
      );
    }
    const given = req.header('x-webhook-key');
    if (!given)
      return next(
        new ApiError('unauthorized', '缺少 X-Webhook-Key', '在 X-Webhook-Key 头中携带 WEBHOOK_KEY'),
      );
    if (!timingSafeEqual(digest(given), expected))
      return next(new ApiError('unauthorized', 'X-Webhook-Key 无效'));
    next();
  };
}
