import type {
  ModelConfig,
  ModelProvider,
  ModelRoutingRule,
  RoutingPurpose,
  SaveModelConfigBody,
  SaveModelProviderBody,
  SaveModelRoutingRuleBody,
} from '@cyrene/contracts';
import type { Clock } from '../../clock/clock';
import type { ModelProviderRow } from '../../db/schema';
import { ApiError } from '../../http/api-error';
import type { Logger } from '../../logging/logger';
import { openProviderKey, type ProviderKeyCipher } from '../provider-key-cipher';
import { toModelConfig, toProviderView, toRoutingRule } from './mapper';
import type { ModelsRepository } from './repository';

/** A key sent back as it was listed (masked): the admin did not change it. */
const isMasked = (key: string) => key.includes('…');

export const providerNotFound = (name: string) =>
  new ApiError(
    'not_found',
    `Provider 不存在: ${name}`,
    '先通过 POST /api/v1/admin/models/providers/:name 创建',
  );

const pathMismatch = (field: string, given: string, inPath: string) =>
  new ApiError(
    'validation_failed',
    `${field} 与路径不一致: ${given} ≠ ${inPath}`,
    `省略 ${field},或与路径保持一致`,
  );

/** §15 model configuration: providers (keys sealed at rest), models, and routing rules. */
export class ModelsService {
  constructor(
    private readonly repo: ModelsRepository,
    private readonly cipher: ProviderKeyCipher,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async listProviders(): Promise<ModelProvider[]> {
    const rows = await this.repo.listProviders();
    return rows.map((row) => toProviderView(row, this.plainKey(row)));
  }

  async saveProvider(name: string, body: SaveModelProviderBody): Promise<void> {
    if (body.name !== undefined && body.name !== name) throw pathMismatch('name', body.name, name);
    let sealed: string;
    if (body.api_key === undefined || isMasked(body.api_key)) {
      sealed = (await this.repo.findProvider(name))?.api_key_encrypted ?? '';
    } else {
      sealed = this.cipher.encrypt(body.api_key);
    }
    await this.repo.upsertProvider({
      name,
      baseUrl: body.base_url,
      apiKeyEncrypted: sealed,
      updatedAt: this.clock.now(),
    });
    this.log.info({ provider: name, hasKey: sealed !== '' }, 'model provider saved');
  }

  async deleteProvider(name: string): Promise<void> {
    const result = await this.repo.deleteProvider(name);
    if (result === 'missing') throw providerNotFound(name);
    if (result === 'in_use') {
      throw new ApiError('conflict', `Provider 仍被模型使用: ${name}`, '先删除或改用其他 Provider 的模型');
    }
    this.log.info({ provider: name }, 'model provider deleted');
  }

  /** The provider with its decrypted key, for the connection checks. */
  async providerWithKey(name: string): Promise<{ name: string; baseUrl: string; apiKey: string }> {
    const row = await this.repo.findProvider(name);
    if (!row) throw providerNotFound(name);
    return { name: row.name, baseUrl: row.base_url.replace(/\/+$/, ''), apiKey: this.plainKey(row) };
  }

  async listModels(): Promise<ModelConfig[]> {
    return (await this.repo.listModels()).map(toModelConfig);
  }

  async saveModel(id: string, body: SaveModelConfigBody): Promise<void> {
    if (body.id !== undefined && body.id !== id) throw pathMismatch('id', body.id, id);
    const saved = await this.repo.upsertModel({
      id,
      name: body.name ?? id,
      provider: body.provider,
      description: body.description,
      priority: body.priority,
      tags: body.tags,
      params: body.params,
      enabled: body.enabled,
      updatedAt: this.clock.now(),
    });
    if (!saved) {
      throw new ApiError('validation_failed', `Provider 不存在: ${body.provider}`, '先创建该 Provider');
    }
  }

  async deleteModel(id: string): Promise<void> {
    if (!(await this.repo.deleteModel(id, this.clock.now()))) {
      throw new ApiError('not_found', `模型不存在: ${id}`);
    }
  }

  async listRoutes(): Promise<ModelRoutingRule[]> {
    return (await this.repo.listRoutes()).map(toRoutingRule);
  }

  async saveRoute(purpose: RoutingPurpose, body: SaveModelRoutingRuleBody): Promise<void> {
    if (body.purpose !== undefined && body.purpose !== purpose) {
      throw pathMismatch('purpose', body.purpose, purpose);
    }
    const repeated = body.fallback_chain.filter((id, i) => body.fallback_chain.indexOf(id) !== i);
    if (repeated.length > 0) {
      throw new ApiError(
        'validation_failed',
        `fallback_chain 中有重复的模型: ${[...new Set(repeated)].join(', ')}`,
      );
    }
    const { unusable } = await this.repo.upsertRoute({
      purpose,
      fallbackChain: body.fallback_chain,
      required: body.required,
      updatedAt: this.clock.now(),
    });
    if (unusable.length > 0) {
      throw new ApiError(
        'validation_failed',
        `模型不存在或未启用: ${unusable.join(', ')}`,
        'fallback_chain 只能包含已配置且已启用的模型 id',
      );
    }
    this.log.info({ purpose, chain: body.fallback_chain }, 'model routing rule saved');
  }

  async deleteRoute(purpose: RoutingPurpose): Promise<void> {
    if (!(await this.repo.deleteRoute(purpose))) {
      throw new ApiError('not_found', `路由规则不存在: ${purpose}`);
    }
  }

  private plainKey(row: ModelProviderRow): string {
    return openProviderKey(this.cipher, this.log, row.name, row.api_key_encrypted);
  }
}
