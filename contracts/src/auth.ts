import { z } from 'zod';
import { c, meta } from './common/contract';
import { ErrorBodySchema } from './common/errors';
import { EpochSecondsSchema, Rfc3339Schema } from './common/time';

/** §1 认证 */

export const UserIdSchema = z
  .string()
  .describe('"admin" for the administrator, "user_<username>" for everyone else');

export const RegisterBodySchema = z.object({
  username: z
    .string({ required_error: '用户名格式无效', invalid_type_error: '用户名格式无效' })
    .regex(/^[a-zA-Z0-9_]{3,32}$/, '用户名格式无效')
    .describe('3-32 chars, ^[a-zA-Z0-9_]+$'),
  password: z
    .string({ required_error: '密码长度需为 6-64 个字符', invalid_type_error: '密码长度需为 6-64 个字符' })
    .min(6, '密码长度需为 6-64 个字符')
    .max(64, '密码长度需为 6-64 个字符'),
  email: z
    .string({ required_error: '邮箱格式无效', invalid_type_error: '邮箱格式无效' })
    .max(254, '邮箱格式无效')
    .regex(/^[^@\s]+@[^@\s]+$/, '邮箱格式无效')
    .describe('must contain @'),
  nickname: z
    .string({ required_error: '昵称长度需为 1-32 个字符', invalid_type_error: '昵称长度需为 1-32 个字符' })
    .trim()
    .min(1, '昵称长度需为 1-32 个字符')
    .max(32, '昵称长度需为 1-32 个字符'),
  verify_code: z
    .string({ required_error: '验证码错误', invalid_type_error: '验证码错误' })
    .describe('6 chars; fixed to 000000 during development'),
});
export type RegisterBody = z.infer<typeof RegisterBodySchema>;

export const LoginBodySchema = z.object({
  username: z
    .string({ required_error: '用户名格式无效', invalid_type_error: '用户名格式无效' })
    .min(1, '用户名格式无效')
    .max(64, '用户名格式无效'),
  password: z
    .string({ required_error: '密码不能为空', invalid_type_error: '密码不能为空' })
    .min(1, '密码不能为空')
    .max(1024, '用户名或密码错误'),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const RefreshBodySchema = z
  .object({ refresh_token: z.string().optional() })
  .optional()
  .describe('Optional: without it, the (possibly expired) access token in Authorization is used');
export type RefreshBody = z.infer<typeof RefreshBodySchema>;

const TokenPairSchema = z.object({
  token: z.string().describe('JWT access token'),
  refresh_token: z.string().describe('JWT refresh token (30 days), single use'),
  expires: EpochSecondsSchema.describe('Access token expiry, Unix epoch seconds'),
});

export const AuthSessionSchema = TokenPairSchema.extend({
  user_id: UserIdSchema,
  nickname: z.string(),
});
export type AuthSession = z.infer<typeof AuthSessionSchema>;

export const TokenRefreshSchema = TokenPairSchema;
export type TokenRefresh = z.infer<typeof TokenRefreshSchema>;

export const ProfileSchema = z.object({
  user_id: UserIdSchema,
  username: z.string(),
  nickname: z.string(),
  is_admin: z.boolean(),
  created_at: Rfc3339Schema.nullable().describe('RFC 3339; null when the database is unavailable'),
});
export type Profile = z.infer<typeof ProfileSchema>;

export const authContract = c.router({
  register: {
    method: 'POST',
    path: '/auth/register',
    summary: '注册',
    description:
      'Only when REGISTRATION_ENABLED=true (else 403). IP rate limit ~5/min. verify_code is 000000.',
    body: RegisterBodySchema,
    responses: { 201: AuthSessionSchema, 403: ErrorBodySchema, 409: ErrorBodySchema, 429: ErrorBodySchema },
    metadata: meta({ auth: 'public' }),
  },
  login: {
    method: 'POST',
    path: '/auth/login',
    summary: '登录',
    description:
      'The administrator is always checked against ADMIN_USERNAME / ADMIN_PASSWORD; users against the database. IP rate limit ~5/min.',
    body: LoginBodySchema,
    responses: { 200: AuthSessionSchema, 401: ErrorBodySchema, 429: ErrorBodySchema },
    metadata: meta({ auth: 'public' }),
  },
  refresh: {
    method: 'POST',
    path: '/auth/refresh',
    summary: '刷新 Token',
    description:
      'Accepts a refresh_token in the body, or an access token (expired or not) in Authorization. Refresh tokens rotate and are single use: presenting a used one revokes the whole login.',
    headers: z.object({ authorization: z.string().optional() }),
    body: RefreshBodySchema,
    responses: { 200: TokenRefreshSchema, 401: ErrorBodySchema },
    metadata: meta({ auth: 'public' }),
  },
  getProfile: {
    method: 'GET',
    path: '/profile',
    summary: '查询当前用户',
    responses: { 200: ProfileSchema, 404: ErrorBodySchema },
    metadata: meta({ auth: 'user' }),
  },
});
