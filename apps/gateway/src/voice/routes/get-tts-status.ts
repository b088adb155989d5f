import { contract } from '@cyrene/contracts';
import { s } from '../../http/server';
import type { VoiceService } from '../service';

export const getTtsStatus = (voice: VoiceService) =>
  s.route(contract.voice.getTtsStatus, async () => ({ status: 200, body: await voice.ttsStatus() }));
