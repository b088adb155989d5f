import { type Kysely, sql } from 'kysely';

/*
 * §8 knowledge and §9 built-in memory. Search terms are computed in the gateway (text/tokens.ts)
 * and stored as text[] with a GIN index: core PostgreSQL only, the same on PGlite and PG15.
 * Terms are opaque tokens, so they use the "C" collation: byte comparisons, whatever the
 * database's locale, which makes GIN builds and lookups several times cheaper.
 * Embeddings are plain real[]: pgvector is neither in Debian's PG15 nor in PGlite 0.5.16.
 */
const TERMS = sql`text[] collate "C"`;
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('knowledge_bases')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .addColumn('reindex_started_at', 'timestamptz')
    // Collection statistics for BM25, kept in step with the chunks by the same transactions.
    .addColumn('chunk_total', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('token_total', 'bigint', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('knowledge_bases_user_idx')
    .on('knowledge_bases')
    .columns(['user_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('knowledge_documents')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('kb_id', 'text', (col) => col.notNull().references('knowledge_bases.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('source_type', 'text', (col) =>
      col.notNull().check(sql`source_type in ('text', 'file', 'url')`),
    )
    .addColumn('source_ref', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('content_type', 'text', (col) => col.notNull())
    .addColumn('raw_content', 'text', (col) => col.notNull())
    .addColumn('chunk_count', 'integer', (col) => col.notNull())
    .addColumn('token_count', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('knowledge_documents_kb_idx')
    .on('knowledge_documents')
    .columns(['kb_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('knowledge_documents_user_idx')
    .on('knowledge_documents')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('knowledge_chunks')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('document_id', 'text', (col) =>
      col.notNull().references('knowledge_documents.id').onDelete('cascade'),
    )
    .addColumn('kb_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('chunk_index', 'integer', (col) => col.notNull())
    .addColumn('content', 'text', (col) => col.notNull())
    .addColumn('char_start', 'integer', (col) => col.notNull())
    .addColumn('char_end', 'integer', (col) => col.notNull())
    .addColumn('terms', TERMS, (col) => col.notNull())
    .addColumn('term_freqs', sql`smallint[]`, (col) => col.notNull())
    .addColumn('token_count', 'integer', (col) => col.notNull())
    .addColumn('embedding', sql`real[]`)
    .addColumn('embedding_model', 'text')
    .execute();
  // Search reads terms and term_freqs of every candidate row, once per query term: kept in the
  // row itself, uncompressed while the row fits a page, they are read in place instead of being
  // fetched from TOAST and decompressed again for each term.
  await sql`alter table knowledge_chunks set (toast_tuple_target = 8160)`.execute(db);
  await sql`alter table knowledge_chunks alter column terms set storage main, alter column term_freqs set storage main`.execute(
    db,
  );
  await db.schema
    .createIndex('knowledge_chunks_document_idx')
    .on('knowledge_chunks')
    .columns(['document_id', 'chunk_index'])
    .unique()
    .execute();
  await db.schema
    .createIndex('knowledge_chunks_scope_idx')
    .on('knowledge_chunks')
    .columns(['user_id', 'kb_id'])
    .execute();
  await db.schema
    .createIndex('knowledge_chunks_terms_idx')
    .on('knowledge_chunks')
    .using('gin')
    .column('terms')
    .execute();

  // How many chunks of a knowledge base hold each term (BM25's document frequency).
  await db.schema
    .createTable('knowledge_terms')
    .addColumn('kb_id', 'text', (col) => col.notNull().references('knowledge_bases.id').onDelete('cascade'))
    .addColumn('term', sql`text collate "C"`, (col) => col.notNull())
    .addColumn('df', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('knowledge_terms_pkey', ['kb_id', 'term'])
    .execute();

  await db.schema
    .createTable('memories')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('content', 'text', (col) => col.notNull())
    .addColumn('category', 'text', (col) => col.notNull())
    .addColumn('priority', 'integer', (col) => col.notNull())
    .addColumn('terms', TERMS, (col) => col.notNull())
    .addColumn('term_freqs', sql`smallint[]`, (col) => col.notNull())
    .addColumn('token_count', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('memories_user_idx')
    .on('memories')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema.createIndex('memories_terms_idx').on('memories').using('gin').column('terms').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('memories').execute();
  await db.schema.dropTable('knowledge_terms').execute();
  await db.schema.dropTable('knowledge_chunks').execute();
  await db.schema.dropTable('knowledge_documents').execute();
  await db.schema.dropTable('knowledge_bases').execute();
}
