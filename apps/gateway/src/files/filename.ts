/**
 * Client-given file names, made safe to store and to hand back in Content-Disposition.
 * The name is never used as a path on disk (blobs are addressed by hash); it is cleaned so that
 * a client saving the download cannot be steered into another directory, a device name, or a
 * spoofed extension.
 */

const FALLBACK_NAME = 'file';
const MAX_NAME_BYTES = 255;

/** C0 and C1 controls, DEL, and the bidirectional overrides used to disguise extensions ("gpj.exe"). */
const INVISIBLE = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;
/** Characters Windows refuses in names. */
const RESERVED_CHARS = /[<>:"|?*]/g;
/** DOS device names, reserved on Windows with any extension (CON.txt is a device too). */
const DEVICE_NAME = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Cuts `name` to at most `maxBytes` of UTF-8 without splitting a character, keeping its extension. */
function fitBytes(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  let stem = name.slice(0, name.length - ext.length);
  const budget = maxBytes - Buffer.byteLength(ext);
  while (stem.length > 0 && Buffer.byteLength(stem) > budget) stem = Array.from(stem).slice(0, -1).join('');
  return stem + ext;
}

/**
 * The last path segment of `raw` (either separator), in NFC, without control or bidi characters,
 * Windows-reserved characters replaced by `_`, no leading/trailing spaces or trailing dots,
 * device names prefixed with `_`, at most 255 bytes. Unicode letters are kept as they are.
 */
export function sanitizeFilename(raw: string | undefined): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(INVISIBLE, '').replace(RESERVED_CHARS, '_');
  name = name.trim().replace(/[. ]+$/, '');
  if (name === '' || name === '.' || name === '..') return FALLBACK_NAME;
  if (DEVICE_NAME.test(name)) name = `_${name}`;
  return fitBytes(name, MAX_NAME_BYTES);
}

/** The extension of a name, lowercase, without the dot ('' when there is none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** RFC 8187 percent-encoding for `filename*` (what encodeURIComponent leaves alone, minus '()*). */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `Content-Disposition` carrying a UTF-8 name (RFC 6266): an ASCII `filename` for old clients,
 * non-ASCII replaced by `_`, and the exact name in `filename*`.
 */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeExtValue(filename)}`;
}
