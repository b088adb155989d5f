import type { VoiceInputFrame } from '@cyrene/contracts';
import type { WsConnection } from '../../realtime/ws-connection';
import { type ChatContext, clientInfoOf, errorFrame, failureFrame } from '../chat-context';
import { submitUserMessage } from '../submit-message';

/**
 * `voice_input`: the recording is transcribed as POST /voice/transcribe does it (the admin's
 * stt routing, else Voice-Service; its format checked first); the transcript is announced
 * (voice_transcript) and then handled as a message in the same mode.
 */
export async function handleVoiceInput(
  conn: WsConnection,
  frame: VoiceInputFrame,
  ctx: ChatContext,
): Promise<void> {
  const sessionId = frame.session_id ?? conn.sessionId;
  const audio = Buffer.from(frame.audio_data, 'base64');
  if (audio.length === 0) {
    conn.send(errorFrame(ctx, '音频数据无效: 需要 base64 编码的音频', 'validation_failed', sessionId));
    return;
  }
  let text: string;
  try {
    text = (await ctx.speech.transcribeBytes(audio)).trim();
  } catch (e) {
    conn.send(failureFrame(ctx, e, sessionId));
    return;
  }
  if (text === '') {
    conn.send(errorFrame(ctx, '语音识别失败: 未识别到语音内容', 'validation_failed', sessionId));
    return;
  }
  await submitUserMessage(
    conn,
    { sessionId, content: text, mode: frame.mode, clientInfo: clientInfoOf(conn, frame), fromVoice: true },
    ctx,
  );
}
