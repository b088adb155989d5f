import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AuthSession, LoginBody, Profile, RegisterBody, TokenRefresh } from '@cyrene/contracts';
import type { Clock } from '../clock/clock';
import type { UserRow } from '../db/schema';
import { ApiError } from '../http/api-error';
import { ADMIN_USER_ID, type Principal } from '../http/principal';
import type { Logger } from '../logging/logger';
import type { LoginGenerations } from './login-generations';
import { toAdminProfile, toUserProfile, userIdFor } from './mapper';
import type { PasswordHasher } from './passwords';
import type { AuthRepository } from './repository';
import { ACCESS_REFRESH_WINDOW_SECONDS, type TokenSigner, type TokenSubject } from './tokens';

/** What an account is made of (RegisterBody without its verification code). */
export type NewAccount = Pick<RegisterBody, 'username' | 'password' | 'nickname' | 'email'>;

export interface AuthSettings {
  adminUsername: string;
  adminPassword: string | undefined;
  registrationEnabled: boolean;
}

const USERNAME = /^[a-zA-Z0-9_]{3,32}$/;
const VERIFY_CODE = '000000';

const invalidCredentials = () => new ApiError('unauthorized', '用户名或密码错误');
const invalidRefresh = () => new ApiError('unauthorized', '刷新令牌无效或已过期');

/**
 * Compares in time independent of where the two differ and of their lengths: both are hashed
 * to 32 bytes first (timingSafeEqual needs equal lengths, and returning early on a length
 * mismatch would tell the password's length).
 */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const subjectOf = (user: UserRow): TokenSubject => ({
  userId: user.id,
  username: user.username,
  generation: String(user.token_generation),
});

/** §1: registration, login, token refresh with rotation, profiles. */
export class AuthService {
  constructor(
    private readonly repo: AuthRepository,
    private readonly tokens: TokenSigner,
    private readonly loginGenerations: LoginGenerations,
    private readonly passwords: PasswordHasher,
    private readonly settings: AuthSettings,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async register(body: RegisterBody): Promise<AuthSession> {
    if (body.verify_code !== VERIFY_CODE) throw new ApiError('validation_failed', '验证码错误');
    const user = await this.createUser(body);
    this.log.info({ userId: user.id }, 'user registered');
    return {
      user_id: user.id,
      nickname: user.nickname,
      ...(await this.issue(subjectOf(user), randomUUID())),
    };
  }

  /**
   * A new account under the rules registration applies (the operator's `cyrene user:create`
   * comes here too); the fields are already checked against RegisterBodySchema.
   */
  async createUser(input: NewAccount): Promise<UserRow> {
    if (input.username.toLowerCase() === this.settings.adminUsername.toLowerCase()) {
      throw new ApiError('conflict', '用户名已被注册');
    }
    const password_hash = await this.passwords.hash(input.password);
    const user = await this.repo.insertUser({
      id: userIdFor(input.username),
      username: input.username,
      nickname: input.nickname,
      email: input.email,
      password_hash,
    });
    if (!user) throw new ApiError('conflict', '用户名已被注册');
    return user;
  }

  /**
   * Sets a user's password (hashed as at registration) and ends every login of theirs at once:
   * their refresh tokens are revoked and their login generation moves on, so their access tokens
   * are refused from the next request (see LoginGenerations).
   */
  async resetPassword(username: string, password: string): Promise<UserRow> {
    if (username === this.settings.adminUsername) {
      throw new ApiError('validation_failed', '管理员密码由 ADMIN_PASSWORD 配置,不存于数据库');
    }
    const user = await this.repo.findUserByUsername(username);
    if (!user) throw new ApiError('not_found', '用户不存在');
    await this.repo.setPassword(user.id, await this.passwords.hash(password), this.clock.now());
    this.log.info({ userId: user.id }, 'password reset');
    return user;
  }

  /** The stored account of a user id; undefined for the administrator (who has none) and unknown ids. */
  findUser(userId: string): Promise<UserRow | undefined> {
    return this.repo.findUserById(userId);
  }

  async login(body: LoginBody): Promise<AuthSession> {
    if (body.username === this.settings.adminUsername) return this.loginAdmin(body.password);
    if (!USERNAME.test(body.username)) throw new ApiError('validation_failed', '用户名格式无效');
    const user = await this.repo.findUserByUsername(body.username);
    const ok = user
      ? await this.passwords.verify(user.password_hash, body.password)
      : await this.passwords.verifyNobody(body.password);
    if (!user || !ok) throw invalidCredentials();
    return {
      user_id: user.id,
      nickname: user.nickname,
      ...(await this.issue(subjectOf(user), randomUUID())),
    };
  }

  /** The administrator is checked against the configuration only, never the database (spec §1). */
  private async loginAdmin(password: string): Promise<AuthSession> {
    const expected = this.settings.adminPassword;
    if (!expected || !sameSecret(password, expected)) throw invalidCredentials();
    const tokens = await this.issue(await this.subject(ADMIN_USER_ID), randomUUID());
    return { user_id: ADMIN_USER_ID, nickname: '管理员', ...tokens };
  }

  /**
   * A refresh token rotates: it is good once, and a second use revokes its whole family.
   * Without one, a genuine access token (even expired, within its window) continues its login once.
   */
  async refresh(refreshToken: string | undefined, authorization: string | undefined): Promise<TokenRefresh> {
    if (refreshToken) {
      const claims = await this.tokens.verifyRefresh(refreshToken);
      if (!claims) throw invalidRefresh();
      const subject = await this.subject(claims.userId);
      if (subject.generation !== claims.generation) throw invalidRefresh();
      const outcome = await this.repo.consumeRefreshToken(claims.jti, claims.userId, this.clock.now());
      if (outcome === 'reused')
        this.log.warn({ userId: claims.userId }, 'refresh token reused: login revoked');
      if (outcome !== 'ok') throw invalidRefresh();
      return this.issue(subject, claims.familyId);
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!bearer) throw new ApiError('unauthorized', '未提供认证令牌');
    return this.refreshWithAccessToken(bearer);
  }

  /**
   * An access token continues its login by using up the refresh token issued with it: once, only
   * while that one is unused, unexpired and not revoked, and only within
   * ACCESS_REFRESH_WINDOW_SECONDS of its own expiry. A second use revokes the login, as a reused
   * refresh token does.
   */
  private async refreshWithAccessToken(token: string): Promise<TokenRefresh> {
    const verdict = await this.tokens.verifyAccess(token);
    const claims = verdict.ok ? verdict.claims : verdict.expired;
    const now = this.clock.now();
    const windowEnd = (claims?.expires ?? 0) + ACCESS_REFRESH_WINDOW_SECONDS;
    if (!claims?.refreshJti || !claims.familyId || windowEnd * 1000 < now.getTime()) {
      throw invalidRefresh();
    }
    const subject = await this.subject(claims.userId);
    if (subject.generation !== claims.generation) throw invalidRefresh();
    const outcome = await this.repo.consumeRefreshToken(claims.refreshJti, claims.userId, now);
    if (outcome === 'reused')
      this.log.warn({ userId: claims.userId }, 'access token reused for refresh: login revoked');
    if (outcome !== 'ok') throw invalidRefresh();
    return this.issue(subject, claims.familyId);
  }

  async profile(principal: Principal): Promise<Profile> {
    if (principal.isAdmin) {
      const installedAt = await this.repo.installedAt().catch(() => undefined);
      return toAdminProfile(this.settings.adminUsername, installedAt);
    }
    const user = await this.repo.findUserById(principal.userId);
    if (!user) throw new ApiError('not_found', '用户不存在');
    return toUserProfile(user);
  }

  /** Whom new tokens of a user id are for, under the account's current login generation. */
  private async subject(userId: string): Promise<TokenSubject> {
    if (userId === ADMIN_USER_ID) {
      const generation = (await this.loginGenerations.current(ADMIN_USER_ID)) ?? '';
      return { userId, username: this.settings.adminUsername, generation };
    }
    const user = await this.repo.findUserById(userId);
    if (!user) throw invalidRefresh();
    return subjectOf(user);
  }

  private async issue(subject: TokenSubject, familyId: string): Promise<TokenRefresh> {
    const refresh = await this.tokens.signRefresh(subject.userId, familyId, subject.generation);
    const access = await this.tokens.signAccess(subject, familyId, refresh.jti);
    await this.repo.insertRefreshToken(refresh);
    return { token: access.token, refresh_token: refresh.token, expires: access.expires };
  }
}
