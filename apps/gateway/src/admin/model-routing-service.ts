import { type RoutingPurpose, RoutingPurposeSchema } from '@cyrene/contracts';
import type { Logger } from '../logging/logger';
import type { ModelRouting, ResolvedModel, ResolvedRoute } from '../upstreams/model-routing';
import type { ModelsRepository } from './models/repository';
import { openProviderKey, type ProviderKeyCipher } from './provider-key-cipher';

/**
 * The admin's routing rules as everything that calls a model reads them (§15). Each call reads
 * the database, so a change made on any instance applies to the very next request everywhere.
 */
export class DbModelRouting implements ModelRouting {
  constructor(
    private readonly repo: ModelsRepository,
    private readonly cipher: ProviderKeyCipher,
    private readonly log: Logger,
  ) {}

  async resolve(purpose: RoutingPurpose): Promise<ResolvedRoute | undefined> {
    const rule = await this.repo.findRoute(purpose);
    if (!rule) return undefined;
    const models = await this.repo.enabledModelsWithProviders(rule.fallback_chain);
    const byId = new Map(models.map((m) => [m.id, m]));
    const chain: ResolvedModel[] = [];
    // The rule's order, minus models disabled (or removed) since the rule was saved.
    for (const id of rule.fallback_chain) {
      const m = byId.get(id);
      if (!m) continue;
      chain.push({
        modelId: m.id,
        modelName: m.name,
        params: m.params,
        provider: {
          name: m.provider_name,
          baseUrl: m.base_url.replace(/\/+$/, ''),
          apiKey: openProviderKey(this.cipher, this.log, m.provider_name, m.api_key_encrypted) || undefined,
        },
      });
    }
    return { purpose: RoutingPurposeSchema.parse(rule.purpose), chain, required: rule.required };
  }
}
