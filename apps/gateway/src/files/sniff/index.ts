import type { AllowedFileMimeType } from '@cyrene/contracts';
import { fileTypeFromFile } from 'file-type';
import { extensionOf } from '../filename';
import { isWordDocument } from './cfb';
import { classifyTextFile } from './text';
import { webmMimeType } from './webm';

export type SniffResult =
  | { ok: true; mime: AllowedFileMimeType }
  /** `detected`: what the content is, named for the error message. */
  | { ok: false; detected: string };

export interface SniffHints {
  /** The sanitised client name: only tells Markdown from plain text. */
  filename: string;
  /** The client's Content-Type: likewise only for Markdown. */
  declaredType: string;
}

const MARKDOWN_EXTENSIONS = new Set(['md', 'markdown', 'mdown', 'mkd', 'mkdn']);
const MARKDOWN_TYPES = new Set(['text/markdown', 'text/x-markdown']);

/** file-type's answers that map onto the allow-list as they are. */
const AS_DETECTED: readonly AllowedFileMimeType[] = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'audio/mpeg',
  'audio/wav',
  'video/mp4',
];
const SAME = new Map<string, AllowedFileMimeType>(AS_DETECTED.map((mime) => [mime, mime]));

/** Maps a magic-byte match onto the allow-list, refining the containers that hold several kinds. */
async function allowedBinary(path: string, mime: string): Promise<AllowedFileMimeType | undefined> {
  const same = SAME.get(mime);
  if (same) return same;
  switch (mime) {
    case 'image/apng':
      return 'image/png';
    case 'audio/ogg':
    case 'audio/ogg; codecs=opus':
      return 'audio/ogg';
    case 'video/webm':
      return webmMimeType(path);
    case 'application/x-cfb':
      return (await isWordDocument(path)) ? 'application/msword' : undefined;
    default:
      return undefined;
  }
}

async function magicBytes(path: string): Promise<string | undefined> {
  try {
    return (await fileTypeFromFile(path))?.mime;
  } catch {
    // A malformed container file-type gave up on: judged as text or refused below.
    return undefined;
  }
}

/**
 * Decides a stored file's type from its content: a magic-byte match within the allow-list first
 * (a PNG named .pdf is a PNG); then text, which must be valid UTF-8 without NUL bytes, where SVG
 * is XML whose root is <svg>, HTML and other XML are refused, and Markdown is told from plain
 * text by the name or declared type only. Anything else is refused, named by what it looked like.
 */
export async function sniffFile(path: string, hints: SniffHints): Promise<SniffResult> {
  const detected = await magicBytes(path);
  const binary = detected ? await allowedBinary(path, detected) : undefined;
  if (binary) return { ok: true, mime: binary };

  const text = await classifyTextFile(path);
  if (!text) return { ok: false, detected: detected ?? 'application/octet-stream' };
  if (text.kind === 'refused') return { ok: false, detected: text.mime };
  if (text.kind === 'svg') return { ok: true, mime: 'image/svg+xml' };
  const markdown =
    MARKDOWN_EXTENSIONS.has(extensionOf(hints.filename)) ||
    MARKDOWN_TYPES.has(hints.declaredType.toLowerCase());
  return { ok: true, mime: markdown ? 'text/markdown' : 'text/plain' };
}
