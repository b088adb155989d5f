import type { KnowledgeReindex } from '@cyrene/contracts';
import type { Clock } from '../clock/clock';
import { ownerOf } from '../db/owner';
import type { KnowledgeBaseRow } from '../db/schema';
import type { Principal } from '../http/principal';
import type { Logger } from '../logging/logger';
import type { DocumentIndexer } from './indexer';
import type { KnowledgeRepository } from './repository';
import { kbNotFound } from './service';

/** A reindex whose instance died leaves its mark; after this long another may take over. */
const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * POST /knowledge/bases/:id/reindex: re-chunks and re-embeds every document of a knowledge
 * base in the background, with the embedding model configured now (after the admin changed it).
 * The mark on the knowledge base row keeps a second reindex from starting, on any instance,
 * while one runs. Documents are replaced one at a time, each in its own transaction, so search
 * keeps working throughout; an embedding failure stops the run and leaves the rest as it was.
 */
export class Reindexer {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly repo: KnowledgeRepository,
    private readonly indexer: DocumentIndexer,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** The owner's knowledge base, or anyone's for the administrator. */
  async start(principal: Principal, kbId: string): Promise<KnowledgeReindex> {
    const base = await this.repo.findBase(ownerOf(principal), kbId);
    if (!base) throw kbNotFound();
    const documents = await this.repo.countDocuments(kbId);
    if (await this.repo.claimReindex(kbId, this.clock.now(), STALE_AFTER_MS)) {
      const job = this.run(base).finally(() => this.running.delete(kbId));
      this.running.set(kbId, job);
    }
    return { status: 'reindexing', documents };
  }

  /** Resolves once the reindex this instance runs for `kbId` (if any) has finished. */
  settled(kbId: string): Promise<void> {
    return this.running.get(kbId) ?? Promise.resolve();
  }

  private async run(base: KnowledgeBaseRow): Promise<void> {
    let done = 0;
    try {
      for (const id of await this.repo.documentIds(base.id)) {
        const doc = await this.repo.findDocumentById(id);
        if (!doc) continue;
        const chunks = await this.indexer.prepare(doc.raw_content, {
          kbId: base.id,
          title: doc.title,
          strict: true,
        });
        if (await this.repo.replaceChunks(doc, chunks, this.clock.now())) done++;
      }
      this.log.info({ kbId: base.id, documents: done }, 'knowledge base reindexed');
    } catch (e) {
      this.log.error(
        { kbId: base.id, documents: done, reason: e instanceof Error ? e.message : String(e) },
        'knowledge base reindex stopped',
      );
    } finally {
      await this.repo.finishReindex(base.id).catch((e: unknown) => {
        this.log.error({ kbId: base.id, err: e }, 'could not clear the reindex mark');
      });
    }
  }
}
