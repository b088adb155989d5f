import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import { planRange, setDownloadHeaders } from '../download-headers';
import type { FilesService } from '../service';
import { streamBody } from '../stream-body';

/**
 * Streams the stored bytes, whole (200) or one range of them (206) so audio and video can seek.
 * The headers go on `res` before the stream is handed to ts-rest, which pipes it.
 */
export const downloadFile = (files: FilesService) =>
  s.route(contract.files.downloadFile, async ({ params, headers, req, res }) => {
    const owner = principalOf(req).userId;
    const file = await files.getOwnedFile(owner, params.id);
    const { size } = file;
    const plan = planRange(headers.range, req.header('if-range'), size, `"${file.hash}"`);
    if (plan.kind === 'unsatisfiable') {
      res.setHeader('content-range', `bytes */${size}`);
      return {
        status: 416,
        body: { error: '请求的范围超出文件大小', hint: `文件大小为 ${size} 字节` },
      };
    }
    const range = plan.kind === 'partial' ? { start: plan.start, end: plan.end } : undefined;
    // Opened before any header is set: content that is gone is still a clean 404 file_missing.
    const { stream } = await files.openContent(owner, params.id, range);
    setDownloadHeaders(res, file);
    if (range) {
      res.setHeader('content-range', `bytes ${range.start}-${range.end}/${size}`);
      res.setHeader('content-length', range.end - range.start + 1);
      return { status: 206, body: streamBody(res, stream) };
    }
    res.setHeader('content-length', size);
    return { status: 200, body: streamBody(res, stream) };
  });
