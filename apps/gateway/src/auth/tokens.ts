import { randomUUID } from 'node:crypto';
import { errors, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../clock/clock';

export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
/**
 * How long after its `exp` an access token may still continue its login through `/auth/refresh`
 * (a client back from a week offline with only its access token): long enough for that, far
 * shorter than a refresh token, so a token leaked into a log stops being worth anything soon.
 */
export const ACCESS_REFRESH_WINDOW_SECONDS = 7 * 24 * 60 * 60;
const ISSUER = 'cyrene-gateway';
/** Verified access tokens remembered (a few MB at most): more than the clients of a busy instance. */
const VERIFIED_CACHE_SIZE = 10_000;

export interface AccessClaims {
  userId: string;
  username: string;
  /** The login this token belongs to: refreshing with it continues that family. */
  familyId: string;
  /**
   * The refresh token issued with this access token: refreshing with the access token uses up
   * that refresh token, so either of the pair continues the login once, and only while it could.
   */
  refreshJti: string;
  /**
   * The login generation the token was issued under (see LoginGenerations): a token of an older
   * one is refused. Tokens issued before generations existed count as `"0"`.
   */
  generation: string;
  /** Epoch seconds */
  expires: number;
}

export interface RefreshClaims {
  userId: string;
  jti: string;
  familyId: string;
  generation: string;
}

/** Who a token pair is issued to, and under which login generation. */
export interface TokenSubject {
  userId: string;
  username: string;
  generation: string;
}

export interface IssuedRefreshToken extends RefreshClaims {
  token: string;
  expiresAt: Date;
}

export type AccessVerdict = { ok: true; claims: AccessClaims } | { ok: false; expired?: AccessClaims };

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** Signs and checks the gateway's JWTs (HS256). Access and refresh tokens differ by `typ`. */
export class TokenSigner {
  /**
   * The HMAC key, imported once: given the raw bytes, jose imports them through WebCrypto on every
   * sign and verify, which was most of an authenticated request's own cost.
   */
  private readonly key: Promise<CryptoKey>;
  /** Access tokens already verified, with their claims: a client sends the same one many times. */
  private readonly verified = new Map<string, AccessClaims>();

  constructor(
    secret: Uint8Array,
    private readonly clock: Clock,
    private readonly accessTtlSeconds: number,
  ) {
    this.key = crypto.subtle.importKey(
      'raw',
      new Uint8Array(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
  }

  async signAccess(
    subject: TokenSubject,
    familyId: string,
    refreshJti: string,
  ): Promise<{ token: string; expires: number }> {
    const now = seconds(this.clock.now());
    const expires = now + this.accessTtlSeconds;
    const token = await new SignJWT({
      typ: 'access',
      name: subject.username,
      fam: familyId,
      rt: refreshJti,
      gen: subject.generation,
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject.userId)
      .setIssuer(ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(expires)
      .sign(await this.key);
    return { token, expires };
  }

  async signRefresh(userId: string, familyId: string, generation: string): Promise<IssuedRefreshToken> {
    const now = seconds(this.clock.now());
    const jti = randomUUID();
    const exp = now + REFRESH_TOKEN_TTL_SECONDS;
    const token = await new SignJWT({ typ: 'refresh', fam: familyId, gen: generation })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setJti(jti)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(await this.key);
    return { token, userId, jti, familyId, generation, expiresAt: new Date(exp * 1000) };
  }

  /** An access token's claims; an expired but genuine one is reported as `expired` (refresh accepts it). */
  async verifyAccess(token: string): Promise<AccessVerdict> {
    // A token once verified stays genuine; only its expiry needs checking again.
    const known = this.verified.get(token);
    if (known && known.expires > seconds(this.clock.now())) return { ok: true, claims: known };
    try {
      const claims = toAccess(await this.verify(token, 'access'));
      this.remember(token, claims);
      return { ok: true, claims };
    } catch (e) {
      this.verified.delete(token);
      if (e instanceof errors.JWTExpired && e.payload.typ === 'access') {
        return { ok: false, expired: toAccess(e.payload) };
      }
      return { ok: false };
    }
  }

  /** Keeps at most VERIFIED_CACHE_SIZE tokens, the longest known going first. */
  private remember(token: string, claims: AccessClaims): void {
    this.verified.set(token, claims);
    if (this.verified.size > VERIFIED_CACHE_SIZE) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
  }

  async verifyRefresh(token: string): Promise<RefreshClaims | undefined> {
    try {
      const payload = await this.verify(token, 'refresh');
      if (typeof payload.jti !== 'string' || typeof payload.fam !== 'string') return undefined;
      return {
        userId: payload.sub ?? '',
        jti: payload.jti,
        familyId: payload.fam,
        generation: generationOf(payload),
      };
    } catch {
      return undefined;
    }
  }

  private async verify(token: string, typ: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, await this.key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      // A token without `exp` would never expire: refused, whatever signed it.
      requiredClaims: ['exp'],
      currentDate: this.clock.now(),
    });
    if (payload.typ !== typ || typeof payload.sub !== 'string')
      throw new errors.JWTInvalid('wrong token type');
    return payload;
  }
}

function toAccess(payload: JWTPayload): AccessClaims {
  return {
    userId: String(payload.sub),
    username: typeof payload.name === 'string' ? payload.name : '',
    familyId: typeof payload.fam === 'string' ? payload.fam : '',
    refreshJti: typeof payload.rt === 'string' ? payload.rt : '',
    generation: generationOf(payload),
    expires: payload.exp ?? 0,
  };
}

const generationOf = (payload: JWTPayload) => (typeof payload.gen === 'string' ? payload.gen : '0');
