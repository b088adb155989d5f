import {
  type ModelConfig,
  type ModelProvider,
  type ModelRoutingRule,
  RoutingPurposeSchema,
} from '@cyrene/contracts';
import type { ModelProviderRow, ModelRoutingRow, ModelRow } from '../../db/schema';
import { maskApiKey } from '../provider-key-cipher';

/** Rows → contract types for providers, models and routing rules. */

/** `plainKey` is the decrypted key; only its mask leaves this function. */
export function toProviderView(row: ModelProviderRow, plainKey: string): ModelProvider {
  return { name: row.name, base_url: row.base_url, api_key: maskApiKey(plainKey) };
}

export function toModelConfig(row: ModelRow): ModelConfig {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    description: row.description,
    priority: row.priority,
    tags: row.tags,
    params: row.params,
    enabled: row.enabled,
    updated_at: row.updated_at.toISOString(),
  };
}

export function toRoutingRule(row: ModelRoutingRow): ModelRoutingRule {
  return {
    purpose: RoutingPurposeSchema.parse(row.purpose),
    fallback_chain: row.fallback_chain,
    required: row.required,
    updated_at: row.updated_at.toISOString(),
  };
}
