import type { Attachment } from '@cyrene/contracts';
import type { AiCoreChatRequest, OpenAiChatMessage, OpenAiContentPart } from '@cyrene/contracts/upstream';
import type { ChatRequest } from './request';

/** An attachment a remote model cannot fetch itself, described in words instead. */
function describe(a: Attachment): string {
  const name = a.filename ?? a.url;
  const size = a.width && a.height ? ` ${a.width}x${a.height}` : '';
  return `[附件 ${a.type}${size}] ${name}${a.description ? `: ${a.description}` : ''}`;
}

const isRemote = (url: string) => /^https?:\/\//i.test(url) || /^data:image\//i.test(url);

/**
 * The new user message for an OpenAI-compatible model: images at absolute http(s) or data:
 * URLs go as image parts (vision models read them); anything else (a gateway-relative file
 * URL the provider cannot reach, documents, audio) is named in the text.
 */
function userContent(req: ChatRequest): string | OpenAiContentPart[] {
  const attachments = req.attachments ?? [];
  const images = attachments.filter((a) => a.type === 'image' && isRemote(a.url));
  const described = attachments.filter((a) => !images.includes(a)).map(describe);
  const text = [req.message, ...described].join('\n');
  if (images.length === 0) return text;
  return [
    { type: 'text', text },
    ...images.map((a): OpenAiContentPart => ({ type: 'image_url', image_url: { url: a.url } })),
  ];
}

/** History (oldest first) and the new message, as chat completion messages. */
export function providerMessages(req: ChatRequest): OpenAiChatMessage[] {
  return [
    ...req.history.map((t): OpenAiChatMessage => ({ role: t.role, content: t.content })),
    { role: 'user', content: userContent(req) },
  ];
}

/** AI-Core's request body (contracts/src/upstream/ai-core.ts). */
export function aiCoreRequest(req: ChatRequest): AiCoreChatRequest {
  return {
    session_id: req.sessionId,
    user_id: req.userId,
    message: req.message,
    mode: req.mode,
    ...(req.attachments && req.attachments.length > 0 ? { attachments: req.attachments } : {}),
    ...(req.history.length > 0 ? { history: req.history } : {}),
  };
}
