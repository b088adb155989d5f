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
    const { file, handle, size } = await files.openContent(principalOf(req).userId, params.id);
    const plan = planRange(headers.range, req.header('if-range'), size, `"${file.hash}"`);
    if (plan.kind === 'unsatisfiable') {
      await handle.close();
      res.setHeader('content-range', `bytes */${size}`);
      return {
        status: 416,
        body: { error: '请求的范围超出文件大小', hint: `文件大小为 ${size} 字节` },
      };
    }
    setDownloadHeaders(res, file);
    if (plan.kind === 'partial') {
      res.setHeader('content-range', `bytes ${plan.start}-${plan.end}/${size}`);
      res.setHeader('content-length', plan.end - plan.start + 1);
      const part = handle.createReadStream({ start: plan.start, end: plan.end });
      return { status: 206, body: streamBody(res, part) };
    }
    res.setHeader('content-length', size);
    return { status: 200, body: streamBody(res, handle.createReadStream()) };
  });
