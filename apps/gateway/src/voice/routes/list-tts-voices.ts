import { contract } from '@cyrene/contracts';
import { s } from '../../http/server';
import type { VoiceService } from '../service';

export const listTtsVoices = (voice: VoiceService) =>
  s.route(contract.voice.listTtsVoices, async () => ({ status: 200, body: await voice.listVoices() }));
