import { z } from 'zod';
import { ErrorTypeSchema } from './common/errors';
import { PassthroughObjectSchema } from './common/responses';
import { EpochMillisSchema, Rfc3339Schema } from './common/time';
import { MessageRoleSchema, MessageSchema, SessionIdSchema } from './sessions';

/**
 * §2 WebSocket 实时通信
 *
 * Connect to `/ws/chat` (or `/api/v1/ws/chat`) with `?token=<jwt>` (or `Authorization: Bearer`).
 * Only the administrator may connect: everyone else is refused with 403 at the upgrade.
 * Every frame is one JSON text message; `ClientFrameSchema` is what the client sends,
 * `ServerFrameSchema` what the server sends.
 *
 * Resumable streams: every frame that belongs to a generation carries `seq`, an integer
 * that increases by one per frame within a session (across generations). A client that
 * lost its connection reconnects and sends `{type:"resume", session_id, after_seq}` with
 * the last seq it saw; see `ResumeFrameSchema`.
 */

export const WS_PATHS = ['/ws/chat', '/api/v1/ws/chat'] as const;
export type WsPath = (typeof WS_PATHS)[number];

export const WsConnectQuerySchema = z.object({
  token: z.string().optional().describe('JWT (必填, unless sent as Authorization: Bearer)'),
  session_id: z
    .string()
    .max(128)
    .optional()
    .describe('The session frames without a session_id go to; absent: "session_" + 12 random characters'),
  client_id: z.string().max(128).optional().describe('多端标识: a stable id of this client installation'),
  device_name: z.string().max(128).optional().describe('设备名, shown to the user in the client list'),
});
export type WsConnectQuery = z.infer<typeof WsConnectQuerySchema>;

/* ---------- shared pieces ---------- */

export const ChatModeSchema = z
  .enum(['text', 'voice_msg', 'voice_assistant'])
  .describe(
    'text: text reply; voice_msg: reply also as a voice message; voice_assistant: spoken, segment by segment',
  );
export type ChatMode = z.infer<typeof ChatModeSchema>;

export const AttachmentSchema = z.object({
  type: z.enum(['image', 'file', 'audio', 'video']),
  url: z.string().describe('Usually "/api/v1/files/<id>/download" of an uploaded file'),
  thumbnail_url: z.string().optional(),
  filename: z.string().optional(),
  width: z.number().int().nonnegative().optional().describe('Pixels (images)'),
  height: z.number().int().nonnegative().optional().describe('Pixels (images)'),
  size: z.number().int().nonnegative().optional().describe('Bytes'),
  description: z.string().optional(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const ClientInfoSchema = z.object({
  client_id: z.string(),
  device_name: z.string(),
  user_agent: z.string(),
});
export type ClientInfo = z.infer<typeof ClientInfoSchema>;

export const NotificationPayloadTypeSchema = z.enum(['info', 'warning', 'success', 'thinking', 'reminder']);
export type NotificationPayloadType = z.infer<typeof NotificationPayloadTypeSchema>;

export const NotificationPayloadSchema = z.object({
  id: z.string(),
  type: NotificationPayloadTypeSchema,
  title: z.string(),
  body: z.string(),
  timestamp: Rfc3339Schema,
  data: PassthroughObjectSchema.describe('Free-form extra data; {} when none'),
});
export type NotificationPayload = z.infer<typeof NotificationPayloadSchema>;

/** A stored message as `history_response` carries it: the same shape as `GET /sessions/:id/messages`. */
export const WsMessageSchema = MessageSchema;
export type WsMessage = z.infer<typeof WsMessageSchema>;

const MessageIdSchema = z
  .string()
  .describe('The stored message (Message.id, as a string); the same in every frame of one generation');
const SeqSchema = z
  .number()
  .int()
  .nonnegative()
  .describe(
    'Per-session frame sequence number, increasing by one per frame; send the last one seen in `resume`',
  );
const FrameTimestampSchema = EpochMillisSchema.describe(
  'When the server sent the frame, Unix epoch milliseconds',
);
const ClientTimestampSchema = z
  .number()
  .int()
  .optional()
  .describe('When the client sent the frame, Unix epoch milliseconds');

/* ---------- client → server ---------- */

const ClientIdentityFields = {
  client_id: z.string().max(128).optional().describe("Overrides the connection's client_id for this frame"),
  device_name: z.string().max(128).optional(),
  user_agent: z.string().max(512).optional(),
};

/** Largest `content` of a chat message, in characters. */
export const MAX_MESSAGE_CHARS = 32_000;
/** Largest `audio_data` of a voice_input frame, in base64 characters (≈ 10 MB of audio). */
export const MAX_AUDIO_BASE64_CHARS = 14_000_000;

export const MessageFrameSchema = z.object({
  type: z.literal('message'),
  content: z
    .string({ required_error: '消息不能为空', invalid_type_error: '消息不能为空' })
    .min(1, '消息不能为空')
    .max(MAX_MESSAGE_CHARS, `消息过长 (最多 ${MAX_MESSAGE_CHARS} 个字符)`),
  mode: ChatModeSchema.default('text'),
  session_id: SessionIdSchema.max(128).optional().describe("Absent: the connection's session"),
  attachments: z.array(AttachmentSchema).max(20, '附件最多 20 个').optional(),
  timestamp: ClientTimestampSchema,
  ...ClientIdentityFields,
});
export type MessageFrame = z.infer<typeof MessageFrameSchema>;

export const VoiceInputFrameSchema = z.object({
  type: z.literal('voice_input'),
  audio_data: z
    .string({ required_error: '音频数据不能为空', invalid_type_error: '音频数据不能为空' })
    .min(1, '音频数据不能为空')
    .max(MAX_AUDIO_BASE64_CHARS, '音频过大 (最大 10MB)')
    .describe('The recording, base64 (PCM/WAV/MP3/OGG/FLAC/WebM)'),
  mode: ChatModeSchema.default('text'),
  session_id: SessionIdSchema.max(128).optional().describe("Absent: the connection's session"),
  timestamp: ClientTimestampSchema,
  ...ClientIdentityFields,
});
export type VoiceInputFrame = z.infer<typeof VoiceInputFrameSchema>;

export const PingFrameSchema = z.object({
  type: z.literal('ping'),
  timestamp: ClientTimestampSchema,
});
export type PingFrame = z.infer<typeof PingFrameSchema>;

export const HistoryFrameSchema = z.object({
  type: z.literal('history'),
  session_id: SessionIdSchema.max(128).optional().describe("Absent: the connection's session"),
  limit: z
    .number()
    .int()
    .min(1, '不能小于 1')
    .max(500, '不能大于 500')
    .optional()
    .describe('How many of the most recent messages (default 50)'),
});
export type HistoryFrame = z.infer<typeof HistoryFrameSchema>;

export const ResumeFrameSchema = z
  .object({
    type: z.literal('resume'),
    session_id: SessionIdSchema.min(1, '会话 ID 不能为空'),
    after_seq: z
      .number({ required_error: 'after_seq 不能为空', invalid_type_error: 'after_seq 必须是整数' })
      .int('after_seq 必须是整数')
      .min(0, 'after_seq 不能小于 0')
      // A seq is a bigint column; past JavaScript's exact integers no seq exists.
      .max(Number.MAX_SAFE_INTEGER, `after_seq 不能大于 ${Number.MAX_SAFE_INTEGER}`),
  })
  .describe(
    'Replays the frames of the session with seq > after_seq that the server still holds, then the connection follows the session live. ' +
      'When the generation already ended, its stream_end (full text) is among them, so missing chunks never lose text. ' +
      'When the instance that ran the generation died, the client gets a stream_end with interrupted=true and the text saved so far. ' +
      'Nothing newer than after_seq: nothing is sent.',
  );
export type ResumeFrame = z.infer<typeof ResumeFrameSchema>;

export const ClientFrameSchema = z.discriminatedUnion('type', [
  MessageFrameSchema,
  VoiceInputFrameSchema,
  PingFrameSchema,
  HistoryFrameSchema,
  ResumeFrameSchema,
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;
/** What a client may write (defaults such as `mode` may be left out). */
export type ClientFrameInput = z.input<typeof ClientFrameSchema>;

/* ---------- server → client ---------- */

/** Fields of every frame that belongs to one generation (one assistant reply). */
const GenerationFields = {
  session_id: SessionIdSchema,
  message_id: MessageIdSchema,
  seq: SeqSchema,
  timestamp: FrameTimestampSchema,
};

export const ResponseFrameSchema = z
  .object({
    type: z.literal('response'),
    ...GenerationFields,
    role: MessageRoleSchema,
    msg_type: z.enum(['chat', 'action']),
    text: z.string().describe('完整文本'),
    content: z.string().describe('The same full text as `text`, for clients that read `content`'),
    response_mode: ChatModeSchema.optional(),
    full_audio_url: z.string().optional().describe('voice_msg / voice_assistant: the whole reply as audio'),
    client_info: ClientInfoSchema.optional().describe(
      "role=user: the device the message was sent from (a message echoed to the user's other devices)",
    ),
  })
  .describe(
    'A whole message at once: a non-streamed reply, an action message, or (role=user, with client_info) ' +
      'a message the user sent from another device',
  );
export type ResponseFrame = z.infer<typeof ResponseFrameSchema>;

export const StreamStartFrameSchema = z.object({
  type: z.literal('stream_start'),
  ...GenerationFields,
  role: z.literal('assistant'),
  response_mode: ChatModeSchema,
});
export type StreamStartFrame = z.infer<typeof StreamStartFrameSchema>;

export const StreamChunkFrameSchema = z.object({
  type: z.literal('stream_chunk'),
  ...GenerationFields,
  content: z.string().describe('增量文本: the text added since the previous chunk'),
});
export type StreamChunkFrame = z.infer<typeof StreamChunkFrameSchema>;

export const StreamEndFrameSchema = z.object({
  type: z.literal('stream_end'),
  ...GenerationFields,
  text: z.string().describe('完整文本: the whole reply (as far as it got, when interrupted)'),
  finish_reason: z
    .string()
    .describe(
      '"stop" normally; "length" / "content_filter" as the model reports; "error" when the upstream failed mid-stream; ' +
        '"interrupted" together with interrupted=true',
    ),
  interrupted: z
    .boolean()
    .optional()
    .describe(
      'true when the generation stopped because the instance running it died; text holds what was saved',
    ),
  full_audio_url: z.string().optional().describe('voice_msg / voice_assistant: the whole reply as audio'),
});
export type StreamEndFrame = z.infer<typeof StreamEndFrameSchema>;

export const SpeechSegmentSchema = z.object({
  index: z.number().int().nonnegative(),
  text: z.string().describe('One sentence of the reply'),
  audio_url: z
    .string()
    .optional()
    .describe('Its synthesized audio; absent when speech synthesis is unavailable'),
  duration_ms: z.number().int().nonnegative().optional(),
});
export type SpeechSegment = z.infer<typeof SpeechSegmentSchema>;

export const StreamSegmentsFrameSchema = z.object({
  type: z.literal('stream_segments'),
  ...GenerationFields,
  segments: z
    .array(SpeechSegmentSchema)
    .describe('流式断句: sentences completed since the previous segments frame'),
});
export type StreamSegmentsFrame = z.infer<typeof StreamSegmentsFrameSchema>;

export const VoiceTranscriptFrameSchema = z.object({
  type: z.literal('voice_transcript'),
  session_id: SessionIdSchema,
  seq: SeqSchema,
  text: z.string().describe('转录结果; the gateway then handles it as a message'),
  timestamp: FrameTimestampSchema,
});
export type VoiceTranscriptFrame = z.infer<typeof VoiceTranscriptFrameSchema>;

export const ErrorFrameSchema = z.object({
  type: z.literal('error'),
  error: z.string().describe('错误描述 (Chinese), e.g. "AI 服务暂不可用: …" or a validation message'),
  errorType: ErrorTypeSchema.optional(),
  session_id: SessionIdSchema.optional().describe('Present when the error concerns a session'),
  message_id: MessageIdSchema.optional().describe('Present when the error ends a generation'),
  seq: SeqSchema.optional().describe('Present when the error belongs to a generation'),
  timestamp: FrameTimestampSchema,
});
export type ErrorFrame = z.infer<typeof ErrorFrameSchema>;

export const HistoryResponseFrameSchema = z.object({
  type: z.literal('history_response'),
  session_id: SessionIdSchema,
  messages: z.array(WsMessageSchema).describe('The most recent messages, oldest first'),
  timestamp: FrameTimestampSchema,
});
export type HistoryResponseFrame = z.infer<typeof HistoryResponseFrameSchema>;

export const NotificationFrameSchema = z.object({
  type: z.literal('notification'),
  notification: NotificationPayloadSchema,
  timestamp: FrameTimestampSchema,
});
export type NotificationFrame = z.infer<typeof NotificationFrameSchema>;

export const MultiMessageFrameSchema = z.object({
  type: z.literal('multi_message'),
  ...GenerationFields,
  multi_message: z.object({
    messages: z.array(z.object({ index: z.number().int().nonnegative(), content: z.string() })),
  }),
});
export type MultiMessageFrame = z.infer<typeof MultiMessageFrameSchema>;

export const ReviewMessageSchema = z.object({
  type: z.enum(['action', 'chat']),
  content: z.string(),
  delay_ms: z.number().int().nonnegative().describe('How long the client should wait before showing it'),
});
export type ReviewMessage = z.infer<typeof ReviewMessageSchema>;

export const ReviewFrameSchema = z.object({
  type: z.literal('review'),
  ...GenerationFields,
  review_messages: z.array(ReviewMessageSchema).describe('审查后结构化消息, in display order'),
});
export type ReviewFrame = z.infer<typeof ReviewFrameSchema>;

export const ThinkingFrameSchema = z.object({
  type: z.literal('thinking'),
  msg_type: z.literal('thinking'),
  session_id: SessionIdSchema.optional(),
  message_id: MessageIdSchema.optional().describe('Present when the thinking belongs to a generation'),
  seq: SeqSchema.optional().describe('Present when the thinking belongs to a generation'),
  thinking_status: z.string().describe('e.g. "started", "thinking", "done"'),
  thinking_content: z.string().optional(),
  timestamp: FrameTimestampSchema,
});
export type ThinkingFrame = z.infer<typeof ThinkingFrameSchema>;

export const ToolProgressSchema = z.object({
  tool_name: z.string(),
  status: z.enum(['started', 'running', 'completed', 'failed']),
  progress: z.number().min(0).max(1).optional().describe('0..1, when known'),
  message: z.string().optional(),
});
export type ToolProgress = z.infer<typeof ToolProgressSchema>;

export const ToolProgressFrameSchema = z.object({
  type: z.literal('tool_progress'),
  msg_type: z.literal('tool_progress'),
  ...GenerationFields,
  tool_progress: ToolProgressSchema,
});
export type ToolProgressFrame = z.infer<typeof ToolProgressFrameSchema>;

export const SystemInfoSchema = z.object({
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  action: z
    .string()
    .optional()
    .describe('Something the client may offer the user, e.g. "reconnect", "login"'),
});
export type SystemInfo = z.infer<typeof SystemInfoSchema>;

export const SystemInfoFrameSchema = z.object({
  type: z.literal('system_info'),
  msg_type: z.literal('system_info'),
  session_id: SessionIdSchema.optional(),
  system_info: SystemInfoSchema,
  timestamp: FrameTimestampSchema,
});
export type SystemInfoFrame = z.infer<typeof SystemInfoFrameSchema>;

export const PongFrameSchema = z.object({
  type: z.literal('pong'),
  timestamp: FrameTimestampSchema,
});
export type PongFrame = z.infer<typeof PongFrameSchema>;

export const DeviceStateSchema = z.object({
  device_id: z.string(),
  name: z.string().optional(),
  state: PassthroughObjectSchema.describe("The device's reported state, as the device integration gives it"),
});
export type DeviceState = z.infer<typeof DeviceStateSchema>;

export const DeviceUpdateFrameSchema = z.object({
  type: z.literal('device_update'),
  device: DeviceStateSchema,
  timestamp: FrameTimestampSchema,
});
export type DeviceUpdateFrame = z.infer<typeof DeviceUpdateFrameSchema>;

export const BackgroundThinkingFrameSchema = z.object({
  type: z.literal('background_thinking'),
  session_id: SessionIdSchema.optional(),
  thinking_status: z.string().describe('The new state of background thinking, e.g. "started", "idle"'),
  thinking_content: z.string().optional(),
  timestamp: FrameTimestampSchema,
});
export type BackgroundThinkingFrame = z.infer<typeof BackgroundThinkingFrameSchema>;

export const ServerFrameSchema = z.discriminatedUnion('type', [
  ResponseFrameSchema,
  StreamStartFrameSchema,
  StreamChunkFrameSchema,
  StreamEndFrameSchema,
  StreamSegmentsFrameSchema,
  VoiceTranscriptFrameSchema,
  ErrorFrameSchema,
  HistoryResponseFrameSchema,
  NotificationFrameSchema,
  MultiMessageFrameSchema,
  ReviewFrameSchema,
  ThinkingFrameSchema,
  ToolProgressFrameSchema,
  SystemInfoFrameSchema,
  PongFrameSchema,
  DeviceUpdateFrameSchema,
  BackgroundThinkingFrameSchema,
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;
export type ServerFrameType = ServerFrame['type'];
export type ClientFrameType = ClientFrame['type'];
