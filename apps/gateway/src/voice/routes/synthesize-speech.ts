import { contract } from '@cyrene/contracts';
import { s } from '../../http/server';
import type { Logger } from '../../logging/logger';
import type { VoiceService } from '../service';

/**
 * The audio goes out as it arrives, with the synthesizer's content type. ts-rest pipes a Node
 * stream untouched (the contract types the body as the Blob a client receives, hence the cast);
 * a failure after the first byte can only cut the response, and a client that leaves ends the
 * upstream call.
 */
export const synthesizeSpeech = (voice: VoiceService, log: Logger) =>
  s.route(contract.voice.synthesizeSpeech, async ({ body, req, res }) => {
    const audio = await voice.synthesize(body);
    res.setHeader('content-type', audio.contentType);
    res.setHeader('cache-control', 'no-store');
    audio.body.on('error', (err) => {
      log.warn({ reqId: req.requestId, err: err.message }, 'speech stream broke off');
      res.destroy();
    });
    res.on('close', () => {
      if (!res.writableFinished) audio.body.destroy();
    });
    return { status: 200, body: audio.body as unknown as Blob };
  });
