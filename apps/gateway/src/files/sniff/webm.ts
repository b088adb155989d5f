import { open } from 'node:fs/promises';

/*
 * WebM holds audio only (a browser's MediaRecorder voice note) or video. The EBML header says
 * "webm" either way; the track types in Segment › Tracks › TrackEntry › TrackType tell them apart.
 */

const SEGMENT = 0x18538067;
const TRACKS = 0x1654ae6b;
const TRACK_ENTRY = 0xae;
const TRACK_TYPE = 0x83;
const CLUSTER = 0x1f43b675;
const TRACK_TYPE_VIDEO = 1;
/** Tracks come before the first cluster; this much of the start is enough to find them. */
const SCAN_BYTES = 512 * 1024;

interface Vint {
  value: number;
  length: number;
  /** All value bits set: the size is unknown (a live recording's Segment). */
  unknown: boolean;
}

/** An EBML variable-length integer at `pos`; `keepMarker` for element ids. */
function readVint(buf: Buffer, pos: number, keepMarker: boolean): Vint | undefined {
  const first = buf[pos];
  if (first === undefined || first === 0) return undefined;
  const length = Math.clz32(first) - 23;
  if (length > 8 || pos + length > buf.length) return undefined;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const byte = buf[pos + i] ?? 0;
    value = value * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

/** The track types found in `buf` (walking only the containers on the way to TrackType). */
export function webmTrackTypes(buf: Buffer): number[] {
  const types: number[] = [];
  const walk = (start: number, end: number): boolean => {
    let pos = start;
    while (pos < end) {
      const id = readVint(buf, pos, true);
      if (!id) return false;
      const size = readVint(buf, pos + id.length, false);
      if (!size) return false;
      const body = pos + id.length + size.length;
      const bodyEnd = size.unknown ? end : Math.min(end, body + size.value);
      if (id.value === CLUSTER) return false;
      if (id.value === SEGMENT || id.value === TRACKS || id.value === TRACK_ENTRY) {
        if (!walk(body, bodyEnd)) return false;
      } else if (id.value === TRACK_TYPE && size.value >= 1 && size.value <= 6 && body + size.value <= end) {
        types.push(buf.readUIntBE(body, size.value));
      }
      if (size.unknown) return true;
      pos = body + size.value;
    }
    return true;
  };
  walk(0, buf.length);
  return types;
}

/** 'audio/webm' when the file's tracks are all audio, else 'video/webm' (the safe default). */
export async function webmMimeType(path: string): Promise<'audio/webm' | 'video/webm'> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SCAN_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SCAN_BYTES, 0);
    const types = webmTrackTypes(buf.subarray(0, bytesRead));
    return types.length > 0 && !types.includes(TRACK_TYPE_VIDEO) ? 'audio/webm' : 'video/webm';
  } finally {
    await handle.close();
  }
}
