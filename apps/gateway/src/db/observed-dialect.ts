import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';

/** What an observer is told when a query it was told of ends: its rows, or why it failed. */
export type QueryEnded = (outcome: { rows: number } | { error: unknown }) => void;

/**
 * Told of every query a connection runs, when it starts; the function it returns, if any, is called once when it ends.
 */
export type QueryObserver = (query: CompiledQuery) => QueryEnded | undefined;

/** Where an observer is plugged in after the database is open (tracing starts later). */
export interface QueryObserverSlot {
  current?: QueryObserver;
}

/**
 * A Kysely dialect whose connections report each statement to the observer in `slot`: unlike a
 * Kysely plugin, which hears of a query's result but never of its failure, this sees both ends.
 * With no observer plugged in a statement costs one property read more.
 */
export function observedDialect(inner: Dialect, slot: QueryObserverSlot): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createDriver: () => new ObservedDriver(inner.createDriver(), slot),
  };
}

class ObservedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly slot: QueryObserverSlot,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const ended = this.slot.current?.(query);
    if (!ended) return this.inner.executeQuery<R>(query);
    try {
      const result = await this.inner.executeQuery<R>(query);
      ended({ rows: result.rows.length });
      return result;
    } catch (error) {
      ended({ error });
      throw error;
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/** The inner driver, handed its own connections back; ours go to Kysely. */
class ObservedDriver implements Driver {
  private readonly wrapped = new WeakMap<DatabaseConnection, ObservedConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly slot: QueryObserverSlot,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let observed = this.wrapped.get(connection);
    if (!observed) {
      observed = new ObservedConnection(connection, this.slot);
      this.wrapped.set(connection, observed);
    }
    return observed;
  }

  // The inner driver gets its own connection back everywhere (it may call methods only its own
  // connections have): a transaction's BEGIN, COMMIT, ROLLBACK and savepoints are not observed.
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(innerOf(connection), settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(innerOf(connection));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(innerOf(connection));
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.savepoint?.(innerOf(connection), name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.rollbackToSavepoint?.(innerOf(connection), name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.releaseSavepoint?.(innerOf(connection), name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(innerOf(connection));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

const innerOf = (connection: DatabaseConnection) =>
  connection instanceof ObservedConnection ? connection.inner : connection;
