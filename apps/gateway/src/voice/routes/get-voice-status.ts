import { contract } from '@cyrene/contracts';
import { s } from '../../http/server';
import type { VoiceService } from '../service';

export const getVoiceStatus = (voice: VoiceService) =>
  s.route(contract.voice.getVoiceStatus, async () => ({ status: 200, body: await voice.status() }));
