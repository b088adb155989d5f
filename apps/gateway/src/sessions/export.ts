import type { ExportFormat, SessionExport } from '@cyrene/contracts';
import type { MessageRow, SessionRow } from '../db/schema';

/** A rendered export: what `GET /sessions/:id/export` downloads. */
export interface ExportFile {
  contentType: string;
  /** The Content-Disposition header: an ASCII filename plus the title as RFC 5987 `filename*`. */
  disposition: string;
  body: string;
}

type ExportMessage = Pick<MessageRow, 'role' | 'content' | 'created_at'>;

const EXTENSION: Record<ExportFormat, string> = { json: 'json', markdown: 'md', txt: 'txt' };
const CONTENT_TYPE: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

function renderJson(session: SessionRow, messages: ExportMessage[]): string {
  const doc: SessionExport = {
    session: {
      id: session.id,
      title: session.title,
      created_at: session.created_at.getTime(),
      updated_at: session.updated_at.getTime(),
    },
    messages: messages.map((m) => ({ role: m.role, content: m.content, created_at: m.created_at.getTime() })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function renderMarkdown(session: SessionRow, messages: ExportMessage[]): string {
  const parts = [`# ${session.title}\n`];
  for (const m of messages) parts.push(`### ${m.role} · ${m.created_at.toISOString()}\n\n${m.content}\n`);
  return parts.join('\n');
}

function renderText(messages: ExportMessage[]): string {
  return messages.map((m) => `[${m.created_at.toISOString()}] ${m.role}: ${m.content}\n`).join('\n');
}

/** RFC 5987 `ext-value` characters: everything else is percent-encoded (UTF-8). */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `attachment; filename="<ascii>"; filename*=UTF-8''<title>`: old clients get the id, others the title. */
export function contentDisposition(session: Pick<SessionRow, 'id' | 'title'>, extension: string): string {
  const ascii = session.id.replace(/[^A-Za-z0-9._-]/g, '_') || 'session';
  // Characters no file system takes, and control characters, become "_".
  const title = session.title.replace(/[\p{Cc}\\/:*?"<>|]/gu, '_').trim() || ascii;
  return `attachment; filename="${ascii}.${extension}"; filename*=UTF-8''${encodeRfc5987(`${title}.${extension}`)}`;
}

/** The session and every message (oldest first) in one of the three export formats. */
export function renderExport(
  session: SessionRow,
  messages: ExportMessage[],
  format: ExportFormat,
): ExportFile {
  const body =
    format === 'json'
      ? renderJson(session, messages)
      : format === 'markdown'
        ? renderMarkdown(session, messages)
        : renderText(messages);
  return {
    contentType: CONTENT_TYPE[format],
    disposition: contentDisposition(session, EXTENSION[format]),
    body,
  };
}
