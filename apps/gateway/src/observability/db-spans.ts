import { context, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { CompiledQuery } from 'kysely';
import type { QueryObserver } from '../db/observed-dialect';
import { isRecording, type Tracing } from './tracing';

/** `SelectQueryNode` → `SELECT`; raw sql`` → its first keyword (`WITH`, `LOCK`), else `SQL`. */
function operationOf(query: CompiledQuery): string {
  const { kind } = query.query;
  if (kind !== 'RawNode') return kind.replace(/QueryNode$|Node$/, '').toUpperCase();
  // A keyword, not the text: span names stay few.
  return /^\s*([a-z]{2,12})\b/i.exec(query.sql)?.[1]?.toUpperCase() ?? 'SQL';
}

/**
 * A CLIENT span per database query, child of whatever is traced when it runs (a route, a frame,
 * a job), from the moment a connection runs it to its rows or its error; a failed query's span
 * ends with error status. Queries run while nothing is traced (or nothing sampled) get none.
 */
export function queryTracer(tracing: Tracing, engine: string): QueryObserver {
  return (query) => {
    const parent = context.active();
    if (!isRecording(parent)) return undefined;
    const operation = operationOf(query);
    const span = tracing.tracer.startSpan(
      `db ${operation}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system.name': 'postgresql',
          'db.operation.name': operation,
          'cyrene.db.engine': engine,
        },
      },
      parent,
    );
    return (outcome) => {
      if ('error' in outcome) {
        const { error } = outcome;
        const code = (error as { code?: unknown }).code;
        // The SQLSTATE (e.g. 23505) names the kind of failure; the message may quote data.
        span.setAttribute('error.type', typeof code === 'string' ? code : 'query_failed');
        if (typeof code === 'string') span.setAttribute('db.response.status_code', code);
        span.setStatus({ code: SpanStatusCode.ERROR });
      } else if (outcome.rows > 0) span.setAttribute('db.response.returned_rows', outcome.rows);
      span.end();
    };
  };
}
