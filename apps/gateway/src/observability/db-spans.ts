import { context, type Span, SpanKind } from '@opentelemetry/api';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type { Tracing } from './tracing';

/** `SelectQueryNode` → `SELECT`; raw sql`` → `SQL`. */
const operationOf = (node: RootOperationNode) =>
  node.kind === 'RawNode' ? 'SQL' : node.kind.replace(/QueryNode$|Node$/, '').toUpperCase();

/**
 * A CLIENT span per database query, child of whatever is traced when it runs (a route, a frame,
 * a job). Kysely calls transformQuery when the query starts and transformResult when its rows
 * are back; the span lives between the two, keyed by Kysely's per-query id object.
 */
export function queryTracingPlugin(tracing: Tracing, engine: string): KyselyPlugin {
  const spans = new WeakMap<object, Span>();
  return {
    transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
      const operation = operationOf(node);
      spans.set(
        queryId,
        tracing.tracer.startSpan(
          `db ${operation}`,
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'db.system.name': 'postgresql',
              'db.operation.name': operation,
              'cyrene.db.engine': engine,
            },
          },
          context.active(),
        ),
      );
      return node;
    },
    async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const span = spans.get(queryId);
      if (span) {
        if (result.rows.length > 0) span.setAttribute('db.response.returned_rows', result.rows.length);
        span.end();
        spans.delete(queryId);
      }
      return result;
    },
  };
}
