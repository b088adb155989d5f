/**
 * The SVG placeholder icons answered as thumbnails of files that are not images: a document
 * shape coloured by type family, with a short label. Built from constants only (never from
 * anything the user sent), so no markup can be injected.
 */

interface IconStyle {
  color: string;
  label: string;
}

const FAMILY_COLORS = {
  pdf: '#D93831',
  word: '#2B579A',
  text: '#5F6B7A',
  audio: '#8E44AD',
  video: '#E67E22',
  image: '#1E8E3E',
  other: '#7F8C8D',
} as const;

const STYLES: Record<string, IconStyle> = {
  'application/pdf': { color: FAMILY_COLORS.pdf, label: 'PDF' },
  'application/msword': { color: FAMILY_COLORS.word, label: 'DOC' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    color: FAMILY_COLORS.word,
    label: 'DOCX',
  },
  'text/plain': { color: FAMILY_COLORS.text, label: 'TXT' },
  'text/markdown': { color: FAMILY_COLORS.text, label: 'MD' },
  'audio/mpeg': { color: FAMILY_COLORS.audio, label: 'MP3' },
  'audio/wav': { color: FAMILY_COLORS.audio, label: 'WAV' },
  'audio/ogg': { color: FAMILY_COLORS.audio, label: 'OGG' },
  'audio/webm': { color: FAMILY_COLORS.audio, label: 'WEBM' },
  'video/mp4': { color: FAMILY_COLORS.video, label: 'MP4' },
  'video/webm': { color: FAMILY_COLORS.video, label: 'WEBM' },
};

function styleOf(mime: string): IconStyle {
  const exact = STYLES[mime];
  if (exact) return exact;
  const family = mime.split('/')[0];
  if (family === 'image') return { color: FAMILY_COLORS.image, label: 'IMG' };
  if (family === 'audio') return { color: FAMILY_COLORS.audio, label: 'AUDIO' };
  if (family === 'video') return { color: FAMILY_COLORS.video, label: 'VIDEO' };
  if (family === 'text') return { color: FAMILY_COLORS.text, label: 'TXT' };
  return { color: FAMILY_COLORS.other, label: 'FILE' };
}

const cache = new Map<string, Buffer>();

/** The placeholder for a type: a 300×300 SVG document (built once per label and colour). */
export function placeholderIcon(mime: string): { svg: Buffer; label: string } {
  const { color, label } = styleOf(mime);
  const key = `${color}:${label}`;
  let svg = cache.get(key);
  if (!svg) {
    const fontSize = label.length > 4 ? 40 : 52;
    svg = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 300 300">` +
        `<rect width="300" height="300" fill="#F4F5F7"/>` +
        `<path d="M90 40h88l52 52v168a8 8 0 0 1-8 8H90a8 8 0 0 1-8-8V48a8 8 0 0 1 8-8z" fill="#FFFFFF" stroke="${color}" stroke-width="6"/>` +
        `<path d="M178 40v44a8 8 0 0 0 8 8h44" fill="none" stroke="${color}" stroke-width="6"/>` +
        `<rect x="66" y="150" width="168" height="72" rx="10" fill="${color}"/>` +
        `<text x="150" y="186" dy="0.35em" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" ` +
        `font-weight="700" font-size="${fontSize}" fill="#FFFFFF">${label}</text>` +
        `</svg>`,
    );
    cache.set(key, svg);
  }
  return { svg, label };
}
