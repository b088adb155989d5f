import type { ZodError, ZodIssue } from 'zod';
import { ApiError } from './api-error';

type Part = 'params' | 'headers' | 'query' | 'body';

function fieldName(part: Part, issue: ZodIssue): string {
  const path = issue.path.join('.');
  return path === '' ? part : path;
}

/** Chinese default for zod's generic messages; the contract's own messages are kept as written. */
function describe(part: Part, issue: ZodIssue): string {
  const field = fieldName(part, issue);
  if (issue.message === 'Required') return `缺少必填字段: ${field}`;
  // zod's own English defaults; the contract's messages (the spec's Chinese ones) are kept as written.
  if (/^(Expected|Invalid|Unrecognized|String must|Number must|Array must)/.test(issue.message)) {
    return `字段 ${field} 无效: ${issue.message}`;
  }
  return issue.message;
}

/**
 * Turns ts-rest's per-part ZodErrors into the spec's error body: `error` is the first problem
 * (naming its field), `hint` lists every problem as `field: message`.
 */
export function validationError(parts: Partial<Record<Part, ZodError | null>>): ApiError {
  const issues = (['params', 'headers', 'query', 'body'] as const).flatMap((part) =>
    (parts[part]?.issues ?? []).map((issue) => ({ part, issue })),
  );
  const first = issues[0];
  if (!first) return new ApiError('validation_failed', '请求参数错误');
  const hint = issues.map(({ part, issue }) => `${fieldName(part, issue)}: ${issue.message}`).join('; ');
  return new ApiError('validation_failed', describe(first.part, first.issue), hint);
}
