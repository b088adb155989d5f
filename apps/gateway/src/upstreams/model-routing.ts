import type { RoutingPurpose } from '@cyrene/contracts';

/** One model of a routing rule's fallback chain, with what is needed to call its provider. */
export interface ResolvedModel {
  modelId: string;
  /** The name sent upstream as `model`. */
  modelName: string;
  /** Extra request parameters (temperature, …) merged into the upstream call. */
  params: Record<string, unknown>;
  provider: {
    name: string;
    /** OpenAI-compatible base URL, without a trailing slash (e.g. `https://api.openai.com/v1`). */
    baseUrl: string;
    /** The decrypted key, or undefined when the provider needs none. Never log it. */
    apiKey: string | undefined;
  };
}

export interface ResolvedRoute {
  purpose: RoutingPurpose;
  /** Enabled models in fallback order. */
  chain: ResolvedModel[];
  /** false: the built-in default (AI-Core for chat, the local analysis for vision, …) is tried after the chain. */
  required: boolean;
}

/**
 * Where the admin's routing rules (§15) are read by everything that calls a model: the chat
 * engine, vision, embeddings, speech. Read on every call, so a change takes effect at once,
 * on every instance. Implemented by the admin domain.
 */
export interface ModelRouting {
  /** The rule for a purpose, or undefined when the admin configured none. */
  resolve(purpose: RoutingPurpose): Promise<ResolvedRoute | undefined>;
}
