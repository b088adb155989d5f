import { contract } from '@cyrene/contracts';
import { s } from '../http/server';
import type { Logger } from '../logging/logger';
import { synthesizeSpeech } from './routes/synthesize-speech';
import type { VoiceService } from './service';

export function voiceRouter(voice: VoiceService, log: Logger) {
  return s.router(contract.voice, {
    /**
     * ts-rest does not read multipart bodies (the contract types it with c.type), so the request
     * stream is still unread here: the service parses it as it arrives and streams the audio on.
     */
    transcribeAudio: async ({ req }) => voice.transcribeUpload(req),
    synthesizeSpeech: synthesizeSpeech(voice, log),
    listTtsVoices: async () => ({ status: 200, body: await voice.listVoices() }),
    getTtsStatus: async () => ({ status: 200, body: await voice.ttsStatus() }),
    getVoiceStatus: async () => ({ status: 200, body: await voice.status() }),
  });
}
