import {
  OPENAI_PATHS,
  type OpenAiChatCompletionRequest,
  OpenAiChatCompletionSchema,
  OpenAiErrorBodySchema,
} from '@cyrene/contracts/upstream';
import type { Logger } from '../logging/logger';
import { guardedFetch } from '../upstreams/guarded-fetch';
import type { ModelRouting, ResolvedModel } from '../upstreams/model-routing';

const PROMPT =
  '请用中文描述这张图片:画面主体、场景、主要颜色,以及值得注意的细节或文字。直接给出描述,不超过 150 字。';

/** A provider answering slower than this is skipped for the next one (or the local analysis). */
const CALL_TIMEOUT_MS = 60_000;
const MAX_ANSWER_BYTES = 1024 * 1024;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Describes an image with the vision model(s) of the admin's routing rule for purpose `vision`
 * (§15): OpenAI-compatible `POST {base_url}/chat/completions`, not streamed, the image as a data
 * URL content part. The chain is walked in order; a model that fails is logged and skipped.
 * undefined when no rule exists or nothing answered: the caller falls back to its own analysis.
 */
export class VisionDescriber {
  constructor(
    private readonly routing: ModelRouting,
    private readonly log: Logger,
  ) {}

  /** Whether a vision rule with at least one model exists (so the image is worth encoding). */
  async configured(): Promise<ResolvedModel[]> {
    try {
      return (await this.routing.resolve('vision'))?.chain ?? [];
    } catch (e) {
      this.log.warn({ err: e }, 'vision routing could not be read; using the local analysis');
      return [];
    }
  }

  /** `jpeg`: the image, already scaled down for upload. */
  async describe(chain: ResolvedModel[], jpeg: Buffer): Promise<string | undefined> {
    const imageUrl = `data:image/jpeg;base64,${jpeg.toString('base64')}`;
    for (const model of chain) {
      try {
        return await this.ask(model, imageUrl);
      } catch (e) {
        this.log.warn(
          {
            provider: model.provider.name,
            model: model.modelName,
            reason: e instanceof Error ? e.message : String(e),
          },
          'vision model failed; trying the next',
        );
      }
    }
    return undefined;
  }

  private async ask(model: ResolvedModel, imageUrl: string): Promise<string> {
    const request: OpenAiChatCompletionRequest = {
      // The admin's parameters (temperature, max_tokens, …) first; what the call is about cannot be overridden.
      ...model.params,
      model: model.modelName,
      stream: false,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: PROMPT },
            { type: 'image_url', image_url: { url: imageUrl } },
          ],
        },
      ],
    };
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (model.provider.apiKey) headers.authorization = `Bearer ${model.provider.apiKey}`;
    const res = await guardedFetch(`${model.provider.baseUrl}${OPENAI_PATHS.chatCompletions}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(request),
      // The admin chose this provider; it may well be a model server on the local network.
      allowPrivate: true,
      sameOriginOnly: true,
      timeoutMs: CALL_TIMEOUT_MS,
      maxBytes: MAX_ANSWER_BYTES,
    });
    const body = parseJson(res.text());
    if (res.status < 200 || res.status >= 300) {
      const upstream = OpenAiErrorBodySchema.safeParse(body);
      throw new Error(`HTTP ${res.status}${upstream.success ? `: ${upstream.data.error.message}` : ''}`);
    }
    const completion = OpenAiChatCompletionSchema.safeParse(body);
    if (!completion.success) throw new Error('the answer is not a chat completion');
    const text = completion.data.choices[0]?.message.content?.trim();
    if (!text) throw new Error('the answer is empty');
    return text;
  }
}
