import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock';
import type { Config } from '../config/config';
import type { Database } from '../db/schema';
import type { Logger } from '../logging/logger';
import type { ModelRouting } from '../upstreams/model-routing';
import { Embedder } from './embedder';
import { DocumentIndexer } from './indexer';
import { Reindexer } from './reindex';
import { KnowledgeRepository } from './repository';
import { KnowledgeSearch } from './search';
import { KnowledgeSearchRepository } from './search-repository';
import { KnowledgeService } from './service';
import { DEFAULT_SOURCE_SETTINGS, type FilesReader, SourceReader } from './sources';

export interface KnowledgeDeps {
  db: Kysely<Database>;
  config: Pick<Config, 'knowledgeAllowPrivateUrls'>;
  clock: Clock;
  log: Logger;
  modelRouting: ModelRouting;
  files: FilesReader;
}

/** The §8 domain's pieces, built once (services.ts). */
export function createKnowledge(deps: KnowledgeDeps) {
  const repo = new KnowledgeRepository(deps.db);
  const embedder = new Embedder(deps.modelRouting, deps.log);
  const indexer = new DocumentIndexer(embedder, deps.log);
  const sources = new SourceReader(
    { ...DEFAULT_SOURCE_SETTINGS, allowPrivateUrls: deps.config.knowledgeAllowPrivateUrls },
    deps.files,
  );
  return {
    service: new KnowledgeService(repo, sources, indexer, deps.clock, deps.log),
    search: new KnowledgeSearch(new KnowledgeSearchRepository(deps.db), embedder, deps.log),
    reindexer: new Reindexer(repo, indexer, deps.clock, deps.log),
  };
}

export type KnowledgeDomain = ReturnType<typeof createKnowledge>;
