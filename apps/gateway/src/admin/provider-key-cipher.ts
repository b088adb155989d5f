import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Logger } from '../logging/logger';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Provider API keys at rest: AES-256-GCM under a key derived (HKDF-SHA256) from the server's
 * JWT secret, so a database dump alone does not reveal them. Stored as `v1.<base64url iv|tag|ct>`;
 * '' stands for "no key" and stays ''.
 */
export class ProviderKeyCipher {
  private readonly key: Buffer;

  constructor(serverSecret: Uint8Array) {
    this.key = Buffer.from(hkdfSync('sha256', serverSecret, new Uint8Array(0), 'cyrene/provider-keys', 32));
  }

  encrypt(plain: string): string {
    if (plain === '') return '';
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The plain key; throws when the value was sealed under another secret or altered. */
  decrypt(sealed: string): string {
    if (sealed === '') return '';
    const [version, payload] = sealed.split('.', 2);
    if (version !== VERSION || payload === undefined) throw new Error('unknown provider key format');
    const raw = Buffer.from(payload, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  }
}

/**
 * The plain key of a provider, or '' when none is stored or it cannot be opened (sealed under
 * another server secret: the admin re-enters it). Only the provider's name is logged.
 */
export function openProviderKey(
  cipher: ProviderKeyCipher,
  log: Logger,
  provider: string,
  sealed: string,
): string {
  try {
    return cipher.decrypt(sealed);
  } catch {
    log.warn({ provider }, 'provider API key cannot be decrypted (server secret changed?): re-enter it');
    return '';
  }
}

/** Shortest key shown as first 3 + last 4; anything shorter would give most of it away. */
const MIN_PARTLY_SHOWN = 12;

/** How a key appears in any response: `sk-…3456`, `…` for a short key, '' for none. */
export function maskApiKey(key: string): string {
  if (key === '') return '';
  if (key.length < MIN_PARTLY_SHOWN) return '…';
  return `${key.slice(0, 3)}…${key.slice(-4)}`;
}
