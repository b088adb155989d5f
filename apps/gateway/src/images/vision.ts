import type { Logger } from '../logging/logger';
import type { ModelRouting, ResolvedModel } from '../upstreams/model-routing';
import { completeChat } from '../upstreams/openai-compatible';

const PROMPT =
  '请用中文描述这张图片:画面主体、场景、主要颜色,以及值得注意的细节或文字。直接给出描述,不超过 150 字。';

/** A provider answering slower than this is skipped for the next one (or the local analysis). */
const CALL_TIMEOUT_MS = 60_000;
const MAX_ANSWER_BYTES = 1024 * 1024;

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

  private ask(model: ResolvedModel, imageUrl: string): Promise<string> {
    const question = [
      {
        role: 'user' as const,
        content: [
          { type: 'text' as const, text: PROMPT },
          { type: 'image_url' as const, image_url: { url: imageUrl } },
        ],
      },
    ];
    return completeChat(model, question, { timeoutMs: CALL_TIMEOUT_MS, maxBytes: MAX_ANSWER_BYTES });
  }
}
