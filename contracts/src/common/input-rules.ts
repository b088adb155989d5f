import { z } from 'zod';

/*
 * What every request's input obeys beyond its own schema, REST, tRPC and WebSocket alike:
 * no NUL character in any string (PostgreSQL stores none), and JSON no deeper than MAX_JSON_DEPTH
 * (deeper values serve no field of the API and cost the server its stack).
 */

/** The deepest a JSON request body, tRPC input or WebSocket frame may nest; the outermost value is depth 1. */
export const MAX_JSON_DEPTH = 32;

export interface InputFault {
  /** Where: `title`, `data.a.0`, `(root)`. */
  field: string;
  problem: 'nul' | 'too_deep';
}

/** The first string or key holding NUL, or the first value nested beyond `maxDepth`. */
export function findInputFault(value: unknown, maxDepth = MAX_JSON_DEPTH): InputFault | undefined {
  const path: string[] = [];
  const fault = (problem: InputFault['problem']): InputFault => ({
    field: path.join('.') || '(root)',
    problem,
  });
  const walk = (node: unknown, depth: number): InputFault | undefined => {
    if (typeof node === 'string') return node.includes('\0') ? fault('nul') : undefined;
    // Raw bodies (a webhook's signed bytes) are not JSON values.
    if (node === null || typeof node !== 'object' || ArrayBuffer.isView(node)) return undefined;
    if (depth > maxDepth) return fault('too_deep');
    for (const [key, child] of Object.entries(node)) {
      path.push(key);
      const found = key.includes('\0') ? fault('nul') : walk(child, depth + 1);
      path.pop();
      if (found) return found;
    }
    return undefined;
  };
  return walk(value, 1);
}

/** The spec-style message for a fault. */
export function describeInputFault({ field, problem }: InputFault): string {
  return problem === 'nul'
    ? `字段 ${field} 无效: 不能包含 NUL (\\u0000) 字符`
    : `字段 ${field} 无效: JSON 嵌套超过 ${MAX_JSON_DEPTH} 层`;
}

/** An integer a request stores: within PostgreSQL's `integer`, so the database never refuses it. */
export const Int32Schema = z.number().int().min(-2_147_483_648).max(2_147_483_647);
