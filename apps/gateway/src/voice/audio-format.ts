import { fileTypeFromBuffer } from 'file-type';

/** How much of a recording's start is read to tell its format (file-type's own sample size). */
export const SNIFF_BYTES = 4100;

export type AudioFormat =
  | { ok: true; ext: string; mime: string }
  /** Content that is recognisably not audio (an image, a PDF, text…). */
  | { ok: false; mime: string };

/**
 * Containers a recording commonly arrives in even when file-type names them otherwise: a
 * browser's MediaRecorder (WebM, Ogg), iOS voice memos (MP4/M4A), Android (3GP).
 */
const AUDIO_CONTAINERS: Record<string, string> = {
  webm: 'audio/webm',
  mp4: 'audio/mp4',
  m4a: 'audio/mp4',
  ogx: 'audio/ogg',
  '3gp': 'audio/3gpp',
  '3g2': 'audio/3gpp2',
  mkv: 'audio/x-matroska',
};

/** An `audio/*` type with optional parameters, safe to pass on in a part header. */
const AUDIO_MIME = /^audio\/[\w.+-]+(\s*;\s*[\w.+-]+=[\w.+-]+)*$/;

/** Printable text (valid UTF-8 with no control characters but tab and line breaks) is never audio. */
function looksLikeText(head: Uint8Array): boolean {
  // The last few bytes may cut a character in two; leave them out of the check.
  const sample = head.length >= SNIFF_BYTES ? head.subarray(0, head.length - 4) : head;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(sample);
  } catch {
    return false;
  }
  return text.length > 0 && !hasControlCharacter(text);
}

/** C0 controls other than tab, line feed and carriage return, and DEL. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

/**
 * The format of a recording, from its first bytes, not from what the client declared: WAV, MP3,
 * OGG/Opus, FLAC, WebM, AAC, AMR, M4A… are recognised by their signatures. Raw PCM has none, so
 * content with no known signature that is not plain text is taken as PCM (the client's declared
 * `audio/*` type is kept, e.g. `audio/L16`, as a hint to the service).
 */
export async function sniffAudio(head: Uint8Array, declaredType: string): Promise<AudioFormat> {
  // An ID3 tag (cover art) can be longer than the head, hiding the MPEG frames after it.
  const id3 = head[0] === 0x49 && head[1] === 0x44 && head[2] === 0x33;
  if (id3) return { ok: true, ext: 'mp3', mime: 'audio/mpeg' };
  const found = await fileTypeFromBuffer(head);
  if (found) {
    if (found.mime.startsWith('audio/')) return { ok: true, ext: found.ext, mime: found.mime };
    const container = AUDIO_CONTAINERS[found.ext];
    if (container) return { ok: true, ext: found.ext, mime: container };
    return { ok: false, mime: found.mime };
  }
  if (looksLikeText(head)) return { ok: false, mime: 'text/plain' };
  const declared = declaredType.trim().toLowerCase();
  return { ok: true, ext: 'pcm', mime: AUDIO_MIME.test(declared) ? declared : 'audio/pcm' };
}
