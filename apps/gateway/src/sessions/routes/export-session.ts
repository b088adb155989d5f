import { Readable } from 'node:stream';
import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { SessionsService } from '../service';

/**
 * ts-rest writes its own `content-type` (the contract's one) over any other body, but sends a
 * Node stream untouched; markdown and txt need theirs, so the file goes out as a stream. The
 * contract types the body as what a client receives (the document or its text), hence the cast.
 */
const asDownload = (text: string) => Readable.from([Buffer.from(text, 'utf8')]) as unknown as string;

export const exportSession = (sessions: SessionsService) =>
  s.route(contract.sessions.exportSession, async ({ req, res, params, query }) => {
    const file = await sessions.export(principalOf(req), params.id, query.format);
    res.setHeader('content-type', file.contentType);
    res.setHeader('content-disposition', file.disposition);
    res.setHeader('content-length', Buffer.byteLength(file.body, 'utf8'));
    return { status: 200, body: asDownload(file.body) };
  });
