import {
  OPENAI_PATHS,
  OpenAiEmbeddingsRequestSchema,
  OpenAiEmbeddingsResponseSchema,
  OpenAiErrorBodySchema,
} from '@cyrene/contracts/upstream';
import { guardedFetch } from './guarded-fetch';
import type { ResolvedModel } from './model-routing';

export interface EmbeddingsCallOptions {
  timeoutMs?: number;
}

/** Largest embeddings answer read (a batch of long vectors as JSON numbers). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

function describeFailure(status: number, text: string): string {
  let detail = '';
  try {
    const parsed = OpenAiErrorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) detail = `: ${parsed.data.error.message}`;
  } catch {
    // not JSON: the status says enough
  }
  return `HTTP ${status}${detail}`.slice(0, 300);
}

/**
 * `POST {base_url}/embeddings` on an OpenAI-compatible provider: one vector per input, in input
 * order. The provider is the admin's configuration, so private addresses are allowed (a local
 * model server); the key never follows a redirect to another origin. Throws an Error saying why
 * on any failure.
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
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (model.provider.apiKey) headers.authorization = `Bearer ${model.provider.apiKey}`;
  const res = await guardedFetch(`${model.provider.baseUrl}${OPENAI_PATHS.embeddings}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(request),
    allowPrivate: true,
    sameOriginOnly: true,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxBytes: MAX_RESPONSE_BYTES,
  });
  if (res.status < 200 || res.status >= 300) throw new Error(describeFailure(res.status, res.text()));
  let json: unknown;
  try {
    json = JSON.parse(res.text());
  } catch {
    throw new Error('embeddings answer is not JSON');
  }
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
