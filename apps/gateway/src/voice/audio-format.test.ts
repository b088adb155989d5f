import { describe, expect, it } from 'vitest';
import { sniffAudio } from './audio-format';
import { wavFile } from './testing/fake-voice-service';

const hex = (h: string) => Buffer.from(h.replace(/\s/g, ''), 'hex');
const padded = (start: Buffer) => Buffer.concat([start, Buffer.alloc(300, 0x11)]);
/** An Ogg page holding an Opus header: 27-byte page header, a 1-entry segment table, then OpusHead. */
const oggOpus = Buffer.concat([
  Buffer.from('OggS', 'latin1'),
  hex('00 02 0000000000000000 01000000 00000000 00000000 01 13'),
  Buffer.from('OpusHead', 'latin1'),
  hex('01 01 3801 80bb0000 0000 00'),
]);
const mpegFrames = Buffer.concat(
  Array.from({ length: 8 }, () => Buffer.concat([hex('fffb9064'), Buffer.alloc(413)])),
);

describe('sniffAudio', () => {
  it.each([
    ['WAV', wavFile(), { ext: 'wav', mime: 'audio/wav' }],
    ['MP3 frames', mpegFrames, { ext: 'mp3', mime: 'audio/mpeg' }],
    [
      'MP3 behind a long ID3 tag',
      padded(Buffer.from('ID3\u0004\u0000\u0000\u0000\u0010\u0000\u0000', 'latin1')),
      { ext: 'mp3', mime: 'audio/mpeg' },
    ],
    [
      'FLAC',
      padded(Buffer.from('fLaC\u0000\u0000\u0000\u0022', 'latin1')),
      { ext: 'flac', mime: 'audio/flac' },
    ],
    ['Ogg/Opus', padded(oggOpus), { ext: 'opus', mime: 'audio/ogg; codecs=opus' }],
    [
      'WebM (MediaRecorder)',
      padded(hex('1a45dfa39f4286810142f7810142f2810442f381084282847765626d4287810442858102')),
      { ext: 'webm', mime: 'audio/webm' },
    ],
    [
      'M4A',
      padded(hex('0000001c667479704d344120000000004d34412069736f6d')),
      { ext: 'm4a', mime: 'audio/x-m4a' },
    ],
  ])('recognises %s by its bytes, whatever was declared', async (_name, bytes, format) => {
    expect(await sniffAudio(bytes, 'application/octet-stream')).toEqual({ ok: true, ...format });
  });

  it('takes content with no signature as PCM, keeping a declared audio type only', async () => {
    const pcm = wavFile().subarray(44);
    expect(await sniffAudio(pcm, 'audio/L16')).toEqual({ ok: true, ext: 'pcm', mime: 'audio/l16' });
    expect(await sniffAudio(pcm, 'text/html')).toEqual({ ok: true, ext: 'pcm', mime: 'audio/pcm' });
    expect(await sniffAudio(pcm, 'audio/x\r\nX-Injected: 1')).toEqual({
      ok: true,
      ext: 'pcm',
      mime: 'audio/pcm',
    });
  });

  it.each([
    ['PDF', padded(Buffer.from('%PDF-1.4\n', 'latin1')), 'application/pdf'],
    ['plain text', Buffer.from('just words, 还有中文\n'.repeat(300)), 'text/plain'],
  ])('refuses %s', async (_name, bytes, mime) => {
    expect(await sniffAudio(bytes, 'audio/wav')).toEqual({ ok: false, mime });
  });
});
