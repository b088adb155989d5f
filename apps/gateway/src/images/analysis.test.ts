import { describe, expect, it } from 'vitest';
import { colorName, describeLocally } from './describe';
import { readableExif } from './exif';
import { measureColors } from './palette';

type Pixel = [number, number, number, number];
const rgba = (...pixels: Pixel[]) => new Uint8Array(pixels.flat());
const repeat = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);

describe('measureColors', () => {
  it('gives flat colours back exactly, most frequent first, shares of the opaque pixels', () => {
    const stats = measureColors(
      rgba(...repeat<Pixel>(6, [0, 0, 255, 255]), ...repeat<Pixel>(3, [255, 255, 255, 255]), [0, 0, 0, 0]),
      4,
    );
    expect(stats.colors).toEqual([
      { hex: '#0000FF', percent: 66.7 },
      { hex: '#FFFFFF', percent: 33.3 },
    ]);
    expect(stats.opaqueShare).toBeCloseTo(0.9);
  });

  it('merges shades into one colour and keeps at most five; shares add up to ~100', () => {
    const pixels: Pixel[] = [];
    for (let i = 0; i < 4000; i++) {
      const v = (i * 37) % 256;
      pixels.push([v, (v * 3) % 256, 255 - v, 255]);
    }
    const { colors } = measureColors(rgba(...pixels), 4);
    expect(colors.length).toBeLessThanOrEqual(5);
    const total = colors.reduce((sum, c) => sum + c.percent, 0);
    expect(total).toBeGreaterThan(99.5);
    expect(total).toBeLessThan(100.5);
    const nearRed = measureColors(rgba([250, 0, 0, 255], [255, 4, 2, 255]), 4).colors;
    expect(nearRed).toHaveLength(1);
  });

  it('brightness is perceived lightness: white 100, black 0, pure red about 53', () => {
    expect(measureColors(rgba([255, 255, 255, 255]), 4).brightness).toBeCloseTo(100, 0);
    expect(measureColors(rgba([0, 0, 0, 255]), 4).brightness).toBe(0);
    expect(measureColors(rgba([255, 0, 0, 255]), 4).brightness).toBeCloseTo(53.2, 0);
  });

  it('a fully transparent image has no colours', () => {
    expect(measureColors(rgba([10, 20, 30, 0]), 4)).toEqual({ colors: [], brightness: 0, opaqueShare: 0 });
  });
});

describe('colorName', () => {
  it.each([
    ['#000000', '黑色'],
    ['#FFFFFF', '白色'],
    ['#808080', '灰色'],
    ['#FF0000', '红色'],
    ['#FFA500', '橙色'],
    ['#8B4513', '棕色'],
    ['#FFFF00', '黄色'],
    ['#00A000', '绿色'],
    ['#00FFFF', '青色'],
    ['#0000FF', '蓝色'],
    ['#87CEEB', '浅蓝色'],
    ['#800080', '洋红色'],
    ['#7B2FBE', '紫色'],
    ['#FFC0CB', '粉色'],
  ])('%s → %s', (hex, name) => {
    expect(colorName(hex)).toBe(name);
  });
});

describe('describeLocally', () => {
  it('says size, orientation, colours, brightness, transparency and frames', () => {
    expect(
      describeLocally({
        format: 'png',
        width: 300,
        height: 1000,
        fileSize: 2_500_000,
        frames: 1,
        colors: [
          { hex: '#FFFFFF', percent: 50 },
          { hex: '#0000FF', percent: 30 },
          { hex: '#0000F0', percent: 20 },
        ],
        brightness: 70,
        opaqueShare: 0.8,
        exif: {},
      }),
    ).toBe(
      '这是一张 300×1000 的竖向长幅 PNG 图片,约 30 万像素,文件大小 2.4 MB。' +
        '主色调为白色 (50.0%)和蓝色 (50.0%),整体亮度明亮,约 20% 的区域透明。',
    );
  });

  it('a fully transparent image', () => {
    const text = describeLocally({
      format: 'gif',
      width: 10,
      height: 10,
      fileSize: 100,
      frames: 2,
      colors: [],
      brightness: 0,
      opaqueShare: 0,
      exif: {},
    });
    expect(text).toBe(
      '这是一张 10×10 的方形 GIF 动图 (共 2 帧),共 100 像素,文件大小 100 字节。图片完全透明。',
    );
  });
});

describe('readableExif', () => {
  it('is empty for nothing or garbage', () => {
    expect(readableExif(undefined)).toEqual({});
    expect(readableExif(Buffer.from('Exif\0\0not a tiff header'))).toEqual({});
  });
});
