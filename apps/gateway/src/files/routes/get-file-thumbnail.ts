import { Readable } from 'node:stream';
import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import { SANDBOX_CSP } from '../download-headers';
import type { FilesService } from '../service';
import { streamBody } from '../stream-body';

/** Images: the cached JPEG thumbnail. Other files: the SVG icon of their type. Both cacheable for a day (spec). */
export const getFileThumbnail = (files: FilesService) =>
  s.route(contract.files.getFileThumbnail, async ({ params, req, res }) => {
    const thumbnail = await files.thumbnail(principalOf(req).userId, params.id);
    res.setHeader('cache-control', 'public, max-age=86400');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('content-security-policy', SANDBOX_CSP);
    if (thumbnail.kind === 'icon') {
      res.setHeader('content-type', 'image/svg+xml');
      res.setHeader('content-length', thumbnail.svg.length);
      res.setHeader('etag', `"icon-${thumbnail.label.toLowerCase()}"`);
      return { status: 200, body: streamBody(res, Readable.from([thumbnail.svg])) };
    }
    res.setHeader('content-type', 'image/jpeg');
    res.setHeader('content-length', thumbnail.size);
    res.setHeader('etag', `"${thumbnail.hash}-thumb"`);
    return { status: 200, body: streamBody(res, thumbnail.stream) };
  });
