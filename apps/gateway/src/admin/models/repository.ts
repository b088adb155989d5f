import { type Kysely, sql } from 'kysely';
import type { Database, ModelProviderRow, ModelRoutingRow, ModelRow } from '../../db/schema';

export interface ProviderValues {
  name: string;
  baseUrl: string;
  apiKeyEncrypted: string;
  updatedAt: Date;
}

export interface ModelValues {
  id: string;
  name: string;
  provider: string;
  description: string;
  priority: number;
  tags: string[];
  params: Record<string, unknown>;
  enabled: boolean;
  updatedAt: Date;
}

export interface RouteValues {
  purpose: string;
  fallbackChain: string[];
  required: boolean;
  updatedAt: Date;
}

/** An enabled model with its provider's connection details, as routing needs it. */
export interface ChainModelRow {
  id: string;
  name: string;
  params: Record<string, unknown>;
  provider_name: string;
  base_url: string;
  api_key_encrypted: string;
}

/**
 * Providers, models and routing rules: global admin configuration, not owned by a user.
 * No rules here beyond keeping the three tables consistent with one another.
 */
export class ModelsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  listProviders(): Promise<ModelProviderRow[]> {
    return this.db.selectFrom('model_providers').selectAll().orderBy('name').execute();
  }

  findProvider(name: string): Promise<ModelProviderRow | undefined> {
    return this.db.selectFrom('model_providers').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async upsertProvider(p: ProviderValues): Promise<void> {
    const row = {
      name: p.name,
      base_url: p.baseUrl,
      api_key_encrypted: p.apiKeyEncrypted,
      updated_at: p.updatedAt,
    };
    await this.db
      .insertInto('model_providers')
      .values(row)
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({
          base_url: row.base_url,
          api_key_encrypted: row.api_key_encrypted,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  /** Deletes the provider unless a model still uses it (checked under a lock, so no model slips in). */
  deleteProvider(name: string): Promise<'deleted' | 'missing' | 'in_use'> {
    return this.db.transaction().execute(async (tx) => {
      const provider = await tx
        .selectFrom('model_providers')
        .select('name')
        .where('name', '=', name)
        .forUpdate()
        .executeTakeFirst();
      if (!provider) return 'missing';
      const user = await tx.selectFrom('models').select('id').where('provider', '=', name).executeTakeFirst();
      if (user) return 'in_use';
      await tx.deleteFrom('model_providers').where('name', '=', name).execute();
      return 'deleted';
    });
  }

  listModels(): Promise<ModelRow[]> {
    return this.db.selectFrom('models').selectAll().orderBy('priority').orderBy('id').execute();
  }

  /** Creates or replaces the model; false (nothing written) when its provider does not exist. */
  upsertModel(m: ModelValues): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const provider = await tx
        .selectFrom('model_providers')
        .select('name')
        .where('name', '=', m.provider)
        .forShare()
        .executeTakeFirst();
      if (!provider) return false;
      const row = {
        id: m.id,
        name: m.name,
        provider: m.provider,
        description: m.description,
        priority: m.priority,
        tags: JSON.stringify(m.tags),
        params: JSON.stringify(m.params),
        enabled: m.enabled,
        updated_at: m.updatedAt,
      };
      const { id: _id, ...changes } = row;
      await tx
        .insertInto('models')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(changes))
        .execute();
      return true;
    });
  }

  /** Deletes the model and takes it out of every fallback chain, together. */
  deleteModel(id: string, now: Date): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const gone = await tx.deleteFrom('models').where('id', '=', id).returning('id').executeTakeFirst();
      if (!gone) return false;
      await tx
        .updateTable('model_routing')
        .set({
          fallback_chain: sql<string>`fallback_chain - ${id}::text`,
          updated_at: now,
        })
        .where(sql<boolean>`fallback_chain @> jsonb_build_array(${id}::text)`)
        .execute();
      return true;
    });
  }

  listRoutes(): Promise<ModelRoutingRow[]> {
    return this.db.selectFrom('model_routing').selectAll().orderBy('purpose').execute();
  }

  /**
   * Creates or replaces the rule when every model of its chain exists and is enabled (locked
   * for the write); otherwise writes nothing and returns the ids that are not usable.
   */
  upsertRoute(r: RouteValues): Promise<{ unusable: string[] }> {
    return this.db.transaction().execute(async (tx) => {
      const usable = await tx
        .selectFrom('models')
        .select('id')
        .where('id', 'in', r.fallbackChain)
        .where('enabled', '=', true)
        .forShare()
        .execute();
      const ids = new Set(usable.map((m) => m.id));
      const unusable = r.fallbackChain.filter((id) => !ids.has(id));
      if (unusable.length > 0) return { unusable };
      const row = {
        purpose: r.purpose,
        fallback_chain: JSON.stringify(r.fallbackChain),
        required: r.required,
        updated_at: r.updatedAt,
      };
      await tx
        .insertInto('model_routing')
        .values(row)
        .onConflict((oc) =>
          oc.column('purpose').doUpdateSet({
            fallback_chain: row.fallback_chain,
            required: row.required,
            updated_at: row.updated_at,
          }),
        )
        .execute();
      return { unusable: [] };
    });
  }

  async deleteRoute(purpose: string): Promise<boolean> {
    const gone = await this.db
      .deleteFrom('model_routing')
      .where('purpose', '=', purpose)
      .returning('purpose')
      .executeTakeFirst();
    return gone !== undefined;
  }

  findRoute(purpose: string): Promise<ModelRoutingRow | undefined> {
    return this.db.selectFrom('model_routing').selectAll().where('purpose', '=', purpose).executeTakeFirst();
  }

  /** The enabled models among `ids`, with their providers (in no particular order). */
  async enabledModelsWithProviders(ids: string[]): Promise<ChainModelRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('models as m')
      .innerJoin('model_providers as p', 'p.name', 'm.provider')
      .select(['m.id', 'm.name', 'm.params', 'p.name as provider_name', 'p.base_url', 'p.api_key_encrypted'])
      .where('m.id', 'in', ids)
      .where('m.enabled', '=', true)
      .execute();
    return rows;
  }
}
