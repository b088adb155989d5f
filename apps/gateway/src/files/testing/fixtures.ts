import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/*
 * Files the tests make themselves: images of known size and colours (sharp), and the smallest
 * valid headers of the other allowed formats, written byte by byte.
 */

const RED = { r: 255, g: 0, b: 0 };
const BLUE = { r: 0, g: 0, b: 255 };

const solid = (width: number, height: number, background: { r: number; g: number; b: number }) =>
  sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer();

/** A one-colour PNG. */
export const solidPng = (width: number, height: number, color: { r: number; g: number; b: number }) =>
  solid(width, height, color);

/** 200×100 PNG: the left 150 columns red, the right 50 blue (75% / 25%). */
export async function redBluePng(): Promise<Buffer> {
  return sharp({ create: { width: 200, height: 100, channels: 3, background: RED } })
    .composite([{ input: await solid(50, 100, BLUE), left: 150, top: 0 }])
    .png()
    .toBuffer();
}

/** 400×200 JPEG, left half red, right half blue, stored with EXIF orientation 6 (shown 200×400). */
export async function rotatedJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 200, channels: 3, background: RED } })
    .composite([{ input: await solid(200, 200, BLUE), left: 200, top: 0 }])
    .jpeg({ quality: 95 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** 64×48 green JPEG with camera, date and GPS tags. */
export function cameraJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 0, g: 160, b: 0 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Canon', Model: 'Canon EOS R5', DateTime: '2024:05:01 10:20:30' },
      IFD2: { DateTimeOriginal: '2024:05:01 10:20:30', ExposureTime: '1/125', FNumber: '28/10' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '39/1 54/1 27/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '116/1 23/1 18/1',
      },
    })
    .toBuffer();
}

/** A 3-frame 40×30 animated GIF (white, black, white). */
export async function animatedGif(): Promise<Buffer> {
  const frame = (v: number) =>
    sharp({ create: { width: 40, height: 30, channels: 3, background: { r: v, g: v, b: v } } })
      .png()
      .toBuffer();
  return sharp([await frame(255), await frame(0), await frame(255)], { join: { animated: true } })
    .gif()
    .toBuffer();
}

export function webp(): Promise<Buffer> {
  return sharp({ create: { width: 10, height: 10, channels: 3, background: RED } })
    .webp()
    .toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG of a few hundred bytes whose header declares `width`×`height` pixels (an image bomb). */
export function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export const pdf = () =>
  Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** ID3v2 tag, then one MPEG-1 Layer III frame header. */
export const mp3 = () =>
  Buffer.concat([
    Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x0a', 'latin1'),
    Buffer.alloc(10),
    Buffer.from([0xff, 0xfb, 0x90, 0x00]),
    Buffer.alloc(413),
  ]);

export function wav(): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  return header;
}

export function oggVorbis(): Buffer {
  const page = Buffer.alloc(64);
  page.write('OggS', 0, 'latin1');
  page.set([0x01, ...Buffer.from('vorbis', 'latin1')], 28);
  return page;
}

export const mp4 = () =>
  Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypisom\x00\x00\x02\x00isommp41', 'latin1'),
    Buffer.alloc(32),
  ]);

const ebml = (id: number[], body: Buffer, unknownSize = false) =>
  Buffer.concat([
    Buffer.from(id),
    unknownSize
      ? Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
      : Buffer.from([0x80 | body.length]),
    body,
  ]);

/** A WebM header whose one track is audio (2) or video (1), in a Segment of unknown size (as recorders write). */
export function webm(trackType: 1 | 2): Buffer {
  const header = ebml(
    [0x1a, 0x45, 0xdf, 0xa3],
    Buffer.concat([ebml([0x42, 0x86], Buffer.from([1])), ebml([0x42, 0x82], Buffer.from('webm', 'latin1'))]),
  );
  const entry = ebml(
    [0xae],
    Buffer.concat([ebml([0xd7], Buffer.from([1])), ebml([0x83], Buffer.from([trackType]))]),
  );
  const segment = ebml([0x18, 0x53, 0x80, 0x67], ebml([0x16, 0x54, 0xae, 0x6b], entry), true);
  return Buffer.concat([header, segment, Buffer.alloc(64)]);
}

/** A Compound File with one stream, named `stream` ("WordDocument" for a Word 97 file). */
export function compoundFile(stream: string): Buffer {
  const sector = 512;
  const file = Buffer.alloc(sector * 3);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file, 0);
  file.writeUInt16LE(0x3e, 0x18);
  file.writeUInt16LE(3, 0x1a);
  file.writeUInt16LE(0xfffe, 0x1c);
  file.writeUInt16LE(9, 0x1e);
  file.writeUInt16LE(6, 0x20);
  file.writeUInt32LE(1, 0x2c); // one FAT sector
  file.writeUInt32LE(1, 0x30); // directory in sector 1
  file.writeUInt32LE(4096, 0x38);
  file.writeUInt32LE(0xfffffffe, 0x3c);
  file.writeUInt32LE(0xfffffffe, 0x44);
  for (let i = 0; i < 109; i++) file.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 0x4c + i * 4);
  const fat = sector; // sector 0
  for (let i = 0; i < 128; i++) file.writeUInt32LE(0xffffffff, fat + i * 4);
  file.writeUInt32LE(0xfffffffd, fat); // sector 0: FAT
  file.writeUInt32LE(0xfffffffe, fat + 4); // sector 1: directory, end of chain
  const dir = sector * 2;
  const entry = (at: number, name: string, type: number) => {
    file.write(`${name}\0`, at, 'utf16le');
    file.writeUInt16LE((name.length + 1) * 2, at + 0x40);
    file[at + 0x42] = type;
  };
  entry(dir, 'Root Entry', 5);
  entry(dir + 128, stream, 2);
  return file;
}

function zipEntry(name: string, data: Buffer): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt32LE(crc32(data), 14);
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(data.length, 22);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  return Buffer.concat([header, Buffer.from(name), data]);
}

/** The start of a .docx: a stored (uncompressed) zip with its content types and main part. */
export function docx(): Buffer {
  const types =
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
  return Buffer.concat([
    zipEntry('[Content_Types].xml', Buffer.from(types)),
    zipEntry('word/document.xml', Buffer.from('<w:document/>')),
  ]);
}
