import { contract } from '@cyrene/contracts';
import { s } from '../../http/server';
import type { VoiceService } from '../service';

/**
 * ts-rest does not read multipart bodies (the contract types it with c.type), so the request
 * stream is still unread here: the service parses it as it arrives and streams the audio on.
 */
export const transcribeAudio = (voice: VoiceService) =>
  s.route(contract.voice.transcribeAudio, async ({ req }) => voice.transcribeUpload(req));
