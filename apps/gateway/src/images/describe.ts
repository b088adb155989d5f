import type { ExifValue, ImageColor } from '@cyrene/contracts';

/** What was measured of an image: the input of the local (model-free) description. */
export interface ImageFacts {
  format: string;
  width: number;
  height: number;
  fileSize: number;
  /** Frames of an animation (1 for a still). */
  frames: number;
  colors: ImageColor[];
  /** Mean CIE L*, 0-100. */
  brightness: number;
  /** Share of opaque pixels 0-1. */
  opaqueShare: number;
  exif: Record<string, ExifValue>;
}

/** A colour's everyday Chinese name, from its hue, saturation and lightness. */
export function colorName(hexColor: string): string {
  const n = Number.parseInt(hexColor.slice(1), 16);
  const r = ((n >> 16) & 0xff) / 255;
  const g = ((n >> 8) & 0xff) / 255;
  const b = (n & 0xff) / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  const s = d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1));
  if (l < 0.1) return '黑色';
  if (l > 0.93) return '白色';
  if (s < 0.15 || d < 0.08) return l < 0.35 ? '深灰色' : l > 0.7 ? '浅灰色' : '灰色';
  let h = 0;
  if (max === r) h = ((g - b) / d + 6) % 6;
  else if (max === g) h = (b - r) / d + 2;
  else h = (r - g) / d + 4;
  h *= 60;
  if (h < 15 || h >= 345) return l > 0.75 ? '粉色' : l < 0.3 ? '深红色' : '红色';
  if (h < 45) return l < 0.4 ? '棕色' : '橙色';
  if (h < 70) return l < 0.3 ? '橄榄色' : '黄色';
  if (h < 165) return l < 0.25 ? '深绿色' : '绿色';
  if (h < 195) return '青色';
  if (h < 255) return l < 0.25 ? '深蓝色' : l > 0.7 ? '浅蓝色' : '蓝色';
  if (h < 290) return '紫色';
  return l > 0.65 ? '粉色' : '洋红色';
}

function orientationOf(width: number, height: number): string {
  const ratio = width / height;
  if (ratio >= 2.2) return '横向宽幅';
  if (ratio > 1.05) return '横向';
  if (ratio <= 1 / 2.2) return '竖向长幅';
  if (ratio < 0.95) return '竖向';
  return '方形';
}

function brightnessOf(lightness: number): string {
  if (lightness < 20) return '很暗';
  if (lightness < 40) return '偏暗';
  if (lightness < 65) return '适中';
  if (lightness < 85) return '明亮';
  return '很亮';
}

function pixelsOf(width: number, height: number): string {
  const pixels = width * height;
  return pixels >= 10_000 ? `约 ${Math.round(pixels / 10_000)} 万像素` : `共 ${pixels} 像素`;
}

function sizeOf(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} 字节`;
}

/** "红色 (60.0%)、蓝色 (40.0%)": clusters sharing a name are added together; three names at most. */
function paletteOf(colors: ImageColor[]): string {
  const byName = new Map<string, number>();
  for (const c of colors) byName.set(colorName(c.hex), (byName.get(colorName(c.hex)) ?? 0) + c.percent);
  const named = [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
  const parts = named.map(([name, percent]) => `${name} (${percent.toFixed(1)}%)`);
  return parts.length > 1 ? `${parts.slice(0, -1).join('、')}和${parts.at(-1)}` : (parts[0] ?? '');
}

function cameraOf(exif: Record<string, ExifValue>): string | undefined {
  const make = typeof exif.Make === 'string' ? exif.Make : '';
  const model = typeof exif.Model === 'string' ? exif.Model : '';
  // Many models repeat the make ("Canon" + "Canon EOS R5").
  const camera = model.toLowerCase().startsWith(make.toLowerCase()) ? model : `${make} ${model}`;
  return camera.trim() || undefined;
}

/** A plain Chinese description built only from what was measured. */
export function describeLocally(facts: ImageFacts): string {
  const kind = facts.frames > 1 ? `动图 (共 ${facts.frames} 帧)` : '图片';
  const sentences = [
    `这是一张 ${facts.width}×${facts.height} 的${orientationOf(facts.width, facts.height)} ${facts.format.toUpperCase()} ${kind},${pixelsOf(facts.width, facts.height)},文件大小 ${sizeOf(facts.fileSize)}。`,
  ];
  if (facts.colors.length === 0) {
    sentences.push('图片完全透明。');
  } else {
    const transparent =
      facts.opaqueShare < 0.99 ? `,约 ${Math.round((1 - facts.opaqueShare) * 100)}% 的区域透明` : '';
    const single = facts.colors.length === 1 ? '整体为' : '主色调为';
    sentences.push(
      `${single}${paletteOf(facts.colors)},整体亮度${brightnessOf(facts.brightness)}${transparent}。`,
    );
  }
  const camera = cameraOf(facts.exif);
  const taken = facts.exif.DateTimeOriginal ?? facts.exif.DateTime;
  if (camera) sentences.push(`拍摄设备: ${camera}。`);
  if (typeof taken === 'string') sentences.push(`拍摄时间: ${taken}。`);
  const { GPSLatitude: lat, GPSLongitude: lon } = facts.exif;
  if (typeof lat === 'number' && typeof lon === 'number')
    sentences.push(`含 GPS 位置信息 (纬度 ${lat},经度 ${lon})。`);
  return sentences.join('');
}
