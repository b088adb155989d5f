import { contract } from '@cyrene/contracts';
import { s } from '../http/server';
import type { Logger } from '../logging/logger';
import { getTtsStatus } from './routes/get-tts-status';
import { getVoiceStatus } from './routes/get-voice-status';
import { listTtsVoices } from './routes/list-tts-voices';
import { synthesizeSpeech } from './routes/synthesize-speech';
import { transcribeAudio } from './routes/transcribe-audio';
import type { VoiceService } from './service';

export function voiceRouter(voice: VoiceService, log: Logger) {
  return s.router(contract.voice, {
    transcribeAudio: transcribeAudio(voice),
    synthesizeSpeech: synthesizeSpeech(voice, log),
    listTtsVoices: listTtsVoices(voice),
    getTtsStatus: getTtsStatus(voice),
    getVoiceStatus: getVoiceStatus(voice),
  });
}
