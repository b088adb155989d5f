import type { AddKnowledgeDocumentBody } from '@cyrene/contracts';
import type { FilesService } from '../files/service';
import { ApiError } from '../http/api-error';
import type { Principal } from '../http/principal';
import { guardedFetch } from '../upstreams/guarded-fetch';
import { declaredCharset, htmlToText } from './html-text';

/** A document's text and where it came from. */
export interface DocumentSource {
  text: string;
  contentType: string;
  sourceRef: string;
}

/** What knowledge uses of the files domain: an upload's metadata and bytes, the caller's only (else 404). */
export type FilesReader = Pick<FilesService, 'getOwnedFile' | 'readBytes'>;

export interface SourceSettings {
  /** KNOWLEDGE_ALLOW_PRIVATE_URLS: URL documents may live on loopback and private networks. */
  allowPrivateUrls: boolean;
  urlTimeoutMs: number;
  urlMaxBytes: number;
  /** Longest text a document may have, in characters. */
  maxChars: number;
}

export const DEFAULT_SOURCE_SETTINGS: Omit<SourceSettings, 'allowPrivateUrls'> = {
  urlTimeoutMs: 15_000,
  urlMaxBytes: 5 * 1024 * 1024,
  maxChars: 2_000_000,
};

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/** Text types read as they are: text/*, JSON, and XML. */
export function isTextType(mime: string): boolean {
  return mime.startsWith('text/') || /^application\/([\w.+-]+\+)?(json|xml)$/.test(mime);
}

const unsupported = (mime: string) =>
  new ApiError(
    'unsupported_type',
    `不支持的文件类型: ${mime}`,
    '仅支持文本类型 (text/*) 和 application/json',
  );

function decode(body: Buffer, charset: string | undefined): string {
  if (charset) {
    try {
      return new TextDecoder(charset).decode(body);
    } catch {
      // an unknown label: fall through to UTF-8
    }
  }
  return new TextDecoder('utf-8').decode(body);
}

/** Reads a document's text from its source: the body, an uploaded file, or a web page. */
export class SourceReader {
  constructor(
    private readonly settings: SourceSettings,
    private readonly files: FilesReader,
  ) {}

  async read(principal: Principal, body: AddKnowledgeDocumentBody): Promise<DocumentSource> {
    const source = await this.fetch(principal, body);
    if (!source.text.trim()) throw new ApiError('validation_failed', '文档没有可索引的文本内容');
    if (source.text.length > this.settings.maxChars) {
      throw new ApiError('validation_failed', `文档内容过长 (最多 ${this.settings.maxChars} 个字符)`);
    }
    return source;
  }

  private async fetch(principal: Principal, body: AddKnowledgeDocumentBody): Promise<DocumentSource> {
    switch (body.source_type) {
      case 'text':
        return { text: body.content ?? '', contentType: 'text/plain', sourceRef: '' };
      case 'file':
        return this.readFile(principal, body.file_id ?? '');
      case 'url':
        return this.fetchUrl(body.url ?? '');
    }
  }

  /** The caller's upload, when it is text (text/*, JSON): decoded as UTF-8, without a BOM. */
  private async readFile(principal: Principal, fileId: string): Promise<DocumentSource> {
    const file = await this.files.getOwnedFile(principal.userId, fileId);
    if (!isTextType(file.mime_type)) throw unsupported(file.mime_type);
    const { bytes } = await this.files.readBytes(principal.userId, fileId);
    return {
      text: decode(bytes, 'utf-8').replace(/^\ufeff/, ''),
      contentType: file.mime_type,
      sourceRef: fileId,
    };
  }

  private async fetchUrl(url: string): Promise<DocumentSource> {
    const res = await guardedFetch(url, {
      allowPrivate: this.settings.allowPrivateUrls,
      timeoutMs: this.settings.urlTimeoutMs,
      maxBytes: this.settings.urlMaxBytes,
      headers: {
        accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.8,*/*;q=0.1',
        'user-agent': 'CyreneGateway/1.0 (knowledge base)',
      },
    });
    if (res.status < 200 || res.status >= 300) {
      throw new ApiError('upstream_error', `无法获取 URL 内容: HTTP ${res.status}`, url);
    }
    const header = res.headers.get('content-type') ?? '';
    const [rawMime = '', ...params] = header.split(';');
    const charset = params
      .map((p) => /^\s*charset\s*=\s*"?([\w-]+)"?/i.exec(p)?.[1])
      .find((c) => c !== undefined);
    const mime = rawMime.trim().toLowerCase() || sniff(res.body);
    if (HTML_TYPES.has(mime)) {
      const html = decode(
        res.body,
        charset ?? declaredCharset(res.body.subarray(0, 2048).toString('latin1')),
      );
      return { text: htmlToText(html), contentType: mime, sourceRef: url };
    }
    if (!isTextType(mime)) throw unsupported(mime);
    return { text: decode(res.body, charset), contentType: mime, sourceRef: url };
  }
}

/** A page served without a Content-Type: HTML by its look, text when it has no NUL byte. */
function sniff(body: Buffer): string {
  const head = body.subarray(0, 512).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'text/html';
  return body.includes(0) ? 'application/octet-stream' : 'text/plain';
}
