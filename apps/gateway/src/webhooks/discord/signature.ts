import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { API_PREFIX } from '@cyrene/contracts';
import express, { type RequestHandler } from 'express';
import type { Clock } from '../../clock/clock';
import { ApiError } from '../../http/api-error';

/** Where Discord posts interactions; its body must reach the signature check byte for byte. */
export const DISCORD_WEBHOOK_PATH = `${API_PREFIX}/webhook/discord`;

/** DER SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410); the raw 32 bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Signed requests older (or newer) than this are refused, so a captured one cannot be replayed later. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/** The Node key for a 64-hex-character Ed25519 public key (DISCORD_PUBLIC_KEY). */
export function ed25519PublicKey(hex: string): KeyObject {
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/** Discord's check: the Ed25519 signature of timestamp + raw body. */
export function isSignedByDiscord(
  key: KeyObject,
  timestamp: string,
  body: Buffer,
  signatureHex: string,
): boolean {
  if (!/^[0-9a-f]{128}$/i.test(signatureHex)) return false;
  return verify(
    null,
    Buffer.concat([Buffer.from(timestamp, 'utf8'), body]),
    key,
    Buffer.from(signatureHex, 'hex'),
  );
}

function isFresh(timestamp: string, clock: Clock): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(clock.now().getTime() / 1000 - Number(timestamp)) <= MAX_CLOCK_SKEW_SECONDS;
}

/**
 * Keeps the Discord route's body as raw bytes. Mounted before express.json, which then leaves
 * the request alone (body-parser skips a body already read).
 */
export const discordRawBody = (limit: string): RequestHandler => express.raw({ type: () => true, limit });

/**
 * Verifies X-Signature-Ed25519 over X-Signature-Timestamp + the raw body before anything else
 * (Discord requires 401 for a bad or missing signature), refuses stale timestamps, then parses
 * the JSON for the route's validation.
 */
export function verifyDiscordSignature(publicKeyHex: string | undefined, clock: Clock): RequestHandler {
  const key = publicKeyHex === undefined ? undefined : ed25519PublicKey(publicKeyHex);
  return (req, _res, next) => {
    if (!key) {
      return next(
        new ApiError(
          'service_unavailable',
          'Discord 接入未启用',
          '在 .env 中设置 DISCORD_PUBLIC_KEY (Discord 应用的 Public Key)',
        ),
      );
    }
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = req.header('x-signature-ed25519');
    const timestamp = req.header('x-signature-timestamp');
    if (
      !signature ||
      !timestamp ||
      !isFresh(timestamp, clock) ||
      !isSignedByDiscord(key, timestamp, raw, signature)
    ) {
      return next(new ApiError('unauthorized', 'Discord 请求签名无效'));
    }
    try {
      req.body = JSON.parse(raw.toString('utf8'));
    } catch {
      return next(new ApiError('validation_failed', '请求体不是有效的 JSON'));
    }
    next();
  };
}
