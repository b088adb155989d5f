import type { AppContext } from '../context';
import type { ModelRouting } from '../upstreams/model-routing';
import { VoiceServiceClient } from '../upstreams/voice-client';
import { OpenAiAudio } from './openai-audio';
import { VoiceService } from './service';

/** §5: the Voice-Service client and the speech providers behind VoiceService. */
export function createVoiceService(ctx: AppContext, modelRouting: ModelRouting): VoiceService {
  const timeoutMs = ctx.config.voiceTimeoutMs;
  return new VoiceService(
    new VoiceServiceClient(ctx.config.voiceServiceUrl, timeoutMs),
    new OpenAiAudio(timeoutMs),
    modelRouting,
    ctx.log,
  );
}
