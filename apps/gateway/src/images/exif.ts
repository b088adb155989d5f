import type { ExifValue } from '@cyrene/contracts';
import exifReader from 'exif-reader';

/*
 * The EXIF block sharp hands over (metadata().exif) turned into readable tags by name:
 * camera, dates, exposure, orientation, GPS. Binary tags (MakerNote, version bytes, embedded
 * thumbnails) and the offsets of sub-directories are left out.
 */

/** The directories kept; `Thumbnail` (IFD1) and `Iop` (interoperability) say nothing to a reader. */
const SECTIONS = ['Image', 'Photo', 'GPSInfo'] as const;
/** Offsets of other directories, not facts about the picture. */
const POINTER_TAGS = new Set(['ExifTag', 'GPSTag', 'InteroperabilityTag', 'Interoperability']);
const MAX_STRING = 256;
const MAX_ARRAY = 16;

/** EXIF times carry no zone: shown as written, "YYYY-MM-DD HH:mm:ss". */
function formatDate(date: Date): string | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 19).replace('T', ' ');
}

function scalar(value: unknown): string | number | boolean | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const text = value.replace(/\0+$/g, '').trim();
    return text === '' ? undefined : text.slice(0, MAX_STRING);
  }
  if (value instanceof Date) return formatDate(value);
  return undefined;
}

function readable(value: unknown): ExifValue | undefined {
  if (Array.isArray(value)) {
    if (value.length === 0 || value.length > MAX_ARRAY) return undefined;
    const items = value.map(scalar);
    return items.every((item): item is string | number | boolean => item !== undefined) ? items : undefined;
  }
  return scalar(value);
}

/** [degrees, minutes, seconds] and a hemisphere → signed decimal degrees, 6 places. */
function decimalDegrees(dms: unknown, ref: unknown): number | undefined {
  if (!Array.isArray(dms) || dms.length !== 3) return undefined;
  const [d, m, s]: unknown[] = dms;
  if (typeof d !== 'number' || typeof m !== 'number' || typeof s !== 'number') return undefined;
  const value = d + m / 60 + s / 3600;
  if (!Number.isFinite(value)) return undefined;
  const sign = ref === 'S' || ref === 'W' ? -1 : 1;
  return Math.round(sign * value * 1e6) / 1e6;
}

/** Readable tags from a raw EXIF block; {} when there is none or it cannot be read. */
export function readableExif(raw: Buffer | undefined): Record<string, ExifValue> {
  if (!raw || raw.length === 0) return {};
  let parsed: ReturnType<typeof exifReader>;
  try {
    parsed = exifReader(raw);
  } catch {
    return {};
  }
  const tags: Record<string, ExifValue> = {};
  for (const section of SECTIONS) {
    for (const [name, value] of Object.entries(parsed[section] ?? {})) {
      if (POINTER_TAGS.has(name) || name in tags) continue;
      const shown = readable(value);
      if (shown !== undefined) tags[name] = shown;
    }
  }
  const gps = parsed.GPSInfo;
  if (gps) {
    // Degrees-minutes-seconds arrays become the signed decimals maps and people use.
    const latitude = decimalDegrees(gps.GPSLatitude, gps.GPSLatitudeRef);
    const longitude = decimalDegrees(gps.GPSLongitude, gps.GPSLongitudeRef);
    if (latitude !== undefined) tags.GPSLatitude = latitude;
    if (longitude !== undefined) tags.GPSLongitude = longitude;
  }
  return tags;
}
