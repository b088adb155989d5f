import type { Logger } from '../logging/logger';
import type { ModelRouting, ResolvedModel } from '../upstreams/model-routing';
import { createEmbeddings } from '../upstreams/openai-embeddings';

/** Vectors from one model, unit length, one per input. */
export interface Embeddings {
  /** `<provider>/<model name>`: vectors of different models are never compared. */
  model: string;
  vectors: number[][];
}

/** Inputs sent per request; providers cap a batch (OpenAI at 2048) and its total size. */
const BATCH = 64;

export const modelKey = (m: ResolvedModel) => `${m.provider.name}/${m.modelName}`;

function unit(vector: number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return norm > 0 ? vector.map((x) => x / norm) : vector;
}

/**
 * Embeddings through the admin's routing rule for purpose `embedding`, walking its fallback
 * chain: the first model that embeds every input wins. Without a rule there are no embeddings
 * (search is lexical only).
 */
export class Embedder {
  constructor(
    private readonly routing: ModelRouting,
    private readonly log: Logger,
  ) {}

  /** undefined when no embedding model is configured; throws when every configured model fails. */
  async embed(inputs: string[]): Promise<Embeddings | undefined> {
    const route = await this.routing.resolve('embedding');
    if (!route || route.chain.length === 0) return undefined;
    const failures: string[] = [];
    for (const model of route.chain) {
      try {
        const vectors: number[][] = [];
        for (let i = 0; i < inputs.length; i += BATCH) {
          vectors.push(...(await createEmbeddings(model, inputs.slice(i, i + BATCH))));
        }
        const dims = vectors[0]?.length ?? 0;
        if (vectors.some((v) => v.length !== dims)) throw new Error('vectors of different lengths');
        return { model: modelKey(model), vectors: vectors.map(unit) };
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        failures.push(`${modelKey(model)}: ${reason}`);
        this.log.warn({ model: modelKey(model), reason }, 'embedding model failed; trying the next');
      }
    }
    throw new Error(`no embedding model answered (${failures.join('; ')})`);
  }
}
