import type { RawResponse } from '../../testing/http';

/** Test helpers for §6/§7: multipart uploads and binary downloads over real HTTP. */

export interface FormPart {
  field: string;
  content: Buffer | string;
  filename?: string;
  type?: string;
}

/** POSTs a multipart form (fetch's own encoder) and parses the JSON answer. */
export async function postForm<T = unknown>(
  baseUrl: string,
  path: string,
  token: string | undefined,
  parts: FormPart[],
): Promise<RawResponse<T>> {
  const form = new FormData();
  for (const part of parts) {
    if (part.filename === undefined) form.append(part.field, String(part.content));
    else {
      // A copy as a plain Uint8Array: Blob takes no Buffer over a shared ArrayBuffer.
      const bytes = typeof part.content === 'string' ? part.content : new Uint8Array(part.content);
      form.append(part.field, new Blob([bytes], { type: part.type ?? '' }), part.filename);
    }
  }
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body: body as T, text };
}

export interface UploadedBody {
  id: string;
  filename: string;
  mime_type: string;
  size: number;
  url: string;
}

export function upload(
  baseUrl: string,
  token: string,
  content: Buffer | string,
  filename: string,
  type = 'application/octet-stream',
) {
  return postForm<UploadedBody>(baseUrl, '/api/v1/files/upload', token, [
    { field: 'file', content, filename, type },
  ]);
}

/** GET returning the raw bytes. */
export async function getBytes(
  baseUrl: string,
  path: string,
  token: string | undefined,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${baseUrl}${path}`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}
