import type { ImageColor } from '@cyrene/contracts';

/*
 * Dominant colours of a small RGBA sample: a 4-bit-per-channel histogram seeds up to five
 * distinct colours, then a few k-means rounds over the histogram assign every opaque pixel to
 * one of them. Each colour is the mean of its pixels, so the shares add up to ~100 and an
 * image of flat colours gets those exact colours back.
 */

export interface ColorStats {
  /** Most frequent first, at most `maxColors`; empty for a fully transparent image. */
  colors: ImageColor[];
  /** Mean perceived lightness (CIE L*) of the opaque pixels, 0 (black) to 100 (white). */
  brightness: number;
  /** Share of the pixels that are (mostly) opaque, 0-1. */
  opaqueShare: number;
}

interface Bucket {
  count: number;
  r: number;
  g: number;
  b: number;
}

/** Seeds closer than this (RGB distance) are shades of one colour. */
const MIN_SEED_DISTANCE = 48;
const ROUNDS = 5;

/** sRGB byte → linear light. */
const LINEAR = Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

/** CIE L* of an sRGB colour: how light it looks (pure red ≈ 53, pure blue ≈ 32, white 100). */
function lightness(r: number, g: number, b: number): number {
  const y = 0.2126 * (LINEAR[r] ?? 0) + 0.7152 * (LINEAR[g] ?? 0) + 0.0722 * (LINEAR[b] ?? 0);
  return y > 216 / 24389 ? 116 * Math.cbrt(y) - 16 : (24389 / 27) * y;
}

const distance2 = (a: Bucket, b: Bucket) => (a.r - b.r) ** 2 + (a.g - b.g) ** 2 + (a.b - b.b) ** 2;
const hex = (v: number) => Math.round(v).toString(16).padStart(2, '0').toUpperCase();
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Pixel means per 4-bit bucket, from RGBA (or RGB when `channels` is 3) bytes. */
function histogram(
  pixels: Uint8Array,
  channels: number,
): { buckets: Bucket[]; lightnessSum: number; opaque: number } {
  const byKey = new Map<number, Bucket>();
  let lightnessSum = 0;
  let opaque = 0;
  for (let i = 0; i + channels <= pixels.length; i += channels) {
    if (channels === 4 && (pixels[i + 3] ?? 0) < 128) continue;
    const r = pixels[i] ?? 0;
    const g = pixels[i + 1] ?? 0;
    const b = pixels[i + 2] ?? 0;
    const key = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
    const bucket = byKey.get(key) ?? { count: 0, r: 0, g: 0, b: 0 };
    bucket.count++;
    bucket.r += r;
    bucket.g += g;
    bucket.b += b;
    byKey.set(key, bucket);
    lightnessSum += lightness(r, g, b);
    opaque++;
  }
  const buckets = [...byKey.values()].map((k) => ({
    count: k.count,
    r: k.r / k.count,
    g: k.g / k.count,
    b: k.b / k.count,
  }));
  return { buckets, lightnessSum, opaque };
}

/** Measures the dominant colours and brightness of raw pixels (`channels`: 3 or 4). */
export function measureColors(pixels: Uint8Array, channels: number, maxColors = 5): ColorStats {
  const total = Math.floor(pixels.length / channels);
  const { buckets, lightnessSum, opaque } = histogram(pixels, channels);
  if (opaque === 0) return { colors: [], brightness: 0, opaqueShare: 0 };

  buckets.sort((a, b) => b.count - a.count);
  const minDistance2 = MIN_SEED_DISTANCE ** 2;
  let centres: Bucket[] = [];
  for (const bucket of buckets) {
    if (centres.length >= maxColors) break;
    if (centres.every((c) => distance2(c, bucket) >= minDistance2)) centres.push({ ...bucket });
  }

  for (let round = 0; round < ROUNDS; round++) {
    const sums = centres.map(() => ({ count: 0, r: 0, g: 0, b: 0 }));
    for (const bucket of buckets) {
      let best = 0;
      for (let c = 1; c < centres.length; c++) {
        const centre = centres[c];
        const current = centres[best];
        if (centre && current && distance2(centre, bucket) < distance2(current, bucket)) best = c;
      }
      const sum = sums[best];
      if (!sum) continue;
      sum.count += bucket.count;
      sum.r += bucket.r * bucket.count;
      sum.g += bucket.g * bucket.count;
      sum.b += bucket.b * bucket.count;
    }
    centres = sums
      .filter((s) => s.count > 0)
      .map((s) => ({ count: s.count, r: s.r / s.count, g: s.g / s.count, b: s.b / s.count }));
  }

  centres.sort((a, b) => b.count - a.count);
  return {
    colors: centres.map((c) => ({
      hex: `#${hex(c.r)}${hex(c.g)}${hex(c.b)}`,
      percent: round1((c.count / opaque) * 100),
    })),
    brightness: lightnessSum / opaque,
    opaqueShare: opaque / total,
  };
}
