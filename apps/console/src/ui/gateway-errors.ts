import { ChatError, type ErrorType, GatewayError } from '@cyrene/sdk';
import type { Locale } from '../i18n/locale';
import { defineMessages, translate } from '../i18n/messages';
import { uiMessages } from './messages';

/**
 * What each of the gateway's `errorType`s means, in the reader's language. The gateway writes
 * its `error` and `hint` in Chinese (the spec's texts): a Chinese reader gets them as they came,
 * since they say the most (which field, which limit); anyone else gets these words. An error
 * without a known `errorType` shows the gateway's own text.
 */
export const gatewayErrorMessages = defineMessages<ErrorType>({
  zh: {
    session_not_found: '会话不存在',
    file_too_large: '文件太大',
    unsupported_type: '不支持的文件类型',
    file_missing: '文件不存在',
    memory_service_unreachable: '记忆服务暂不可用',
    voice_service_unreachable: '语音服务暂不可用',
    admin_only: '仅限管理员操作',
    validation_failed: '输入有误,请检查后重试',
    unauthorized: '未登录:用户名或密码错误,或登录已过期',
    forbidden: '无权执行此操作',
    not_found: '找不到该内容',
    conflict: '与已有内容冲突',
    rate_limited: '请求过于频繁,请稍后再试',
    payload_too_large: '请求内容太大',
    unsupported_media_type: '不支持的内容类型',
    ai_unavailable: 'AI 服务暂不可用',
    upstream_error: '上游服务出错',
    service_unavailable: '服务暂不可用,请稍后再试',
    internal_error: '网关内部错误',
  },
  en: {
    session_not_found: 'This conversation does not exist.',
    file_too_large: 'The file is too large.',
    unsupported_type: 'This file type is not supported.',
    file_missing: 'The file does not exist.',
    memory_service_unreachable: 'The memory service cannot be reached.',
    voice_service_unreachable: 'The voice service cannot be reached.',
    admin_only: 'Only the administrator may do this.',
    validation_failed: 'Some of what was entered is not valid. Check it and try again.',
    unauthorized: 'Not signed in: wrong username or password, or the sign-in has expired.',
    forbidden: 'You may not do this.',
    not_found: 'Not found.',
    conflict: 'This clashes with something that already exists.',
    rate_limited: 'Too many requests. Wait a moment and try again.',
    payload_too_large: 'The request is too large.',
    unsupported_media_type: 'This content type is not supported.',
    ai_unavailable: 'The AI service is unavailable.',
    upstream_error: 'A service the gateway relies on failed.',
    service_unavailable: 'The service is unavailable. Try again shortly.',
    internal_error: 'The gateway ran into an internal error.',
  },
});

export interface DescribedError {
  message: string;
  hint?: string;
  requestId?: string;
}

/** The gateway's words for an error, or ours in the reader's language (see gatewayErrorMessages). */
function inReadersLanguage(
  serverText: { error: string; hint?: string },
  errorType: ErrorType | undefined,
  locale: Locale,
): { message: string; hint?: string } {
  if (locale === 'zh' && serverText.error) return { message: serverText.error, hint: serverText.hint };
  if (errorType) return { message: translate(gatewayErrorMessages, locale)(errorType) };
  return { message: serverText.error, hint: serverText.hint };
}

/** The text of a chat socket's error frame for the reader. */
export function errorFrameText(frame: { error: string; errorType?: ErrorType }, locale: Locale): string {
  return inReadersLanguage(frame, frame.errorType, locale).message;
}

/** What to tell a person about `error`, in their language. */
export function describeError(error: unknown, locale: Locale): DescribedError {
  if (error instanceof GatewayError)
    return {
      ...inReadersLanguage({ error: error.message, hint: error.hint }, error.errorType, locale),
      requestId: error.requestId,
    };
  if (error instanceof ChatError) return inReadersLanguage({ error: error.message }, error.errorType, locale);
  // fetch() rejects with a TypeError when the gateway cannot be reached at all.
  if (error instanceof TypeError) return { message: translate(uiMessages, locale)('offline') };
  return { message: error instanceof Error ? error.message : String(error) };
}
