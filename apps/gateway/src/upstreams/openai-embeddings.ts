import {
  OPENAI_PATHS,
  OpenAiEmbeddingsRequestSchema,
  OpenAiEmbeddingsResponseSchema,
} from '@cyrene/contracts/upstream';
import type { ResolvedModel } from './model-routing';
import { postProviderJson } from './openai-compatible';

export interface EmbeddingsCallOptions {
  timeoutMs?: number;
}

/** Largest embeddings answer read (a batch of long vectors as JSON numbers). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * `POST {base_url}/embeddings` on an OpenAI-compatible provider (postProviderJson): one vector
 * per input, in input order. Throws an Error saying why on any failure.
 */
export async function createEmbeddings(
  model: ResolvedModel,
  inputs: string[],
  options: EmbeddingsCallOptions = {},
): Promise<number[][]> {
  const request = OpenAiEmbeddingsRequestSchema.parse({
    model: model.modelName,
    input: inputs,
    encoding_format: 'float',
    ...pickEmbeddingParams(model.params),
  });
  const json = await postProviderJson(model.provider, OPENAI_PATHS.embeddings, request, {
    timeoutMs: options.timeoutMs ?? 30_000,
    maxBytes: MAX_RESPONSE_BYTES,
  });
  const parsed = OpenAiEmbeddingsResponseSchema.safeParse(json);
  if (!parsed.success) throw new Error('embeddings answer has an unexpected shape');
  const byIndex = new Map(parsed.data.data.map((d) => [d.index, d.embedding]));
  return inputs.map((_, i) => {
    const vector = byIndex.get(i);
    if (!vector || vector.length === 0) throw new Error(`embeddings answer lacks input ${i}`);
    return vector;
  });
}

/** Of a model's configured parameters, those the embeddings endpoint takes. */
function pickEmbeddingParams(params: Record<string, unknown>): { dimensions?: number; user?: string } {
  const out: { dimensions?: number; user?: string } = {};
  if (typeof params.dimensions === 'number') out.dimensions = params.dimensions;
  if (typeof params.user === 'string') out.user = params.user;
  return out;
}
