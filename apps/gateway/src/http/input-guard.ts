import { describeInputFault, findInputFault, routesOf } from '@cyrene/contracts';
import type { AppRouter } from '@ts-rest/core';
import type { RequestHandler } from 'express';
import { ApiError } from './api-error';

/** A path template split into segments: literals, and `:name` for parameters. */
type Template = string[];

function templatesOf(contract: AppRouter): Template[] {
  return [...routesOf(contract)].map(([, route]) => route.path.split('/'));
}

/** The parameter a bad segment stands for, by the route template the rest of the path fits. */
function parameterAt(templates: Template[], segments: string[], index: number): string | undefined {
  const fits = (template: Template) =>
    template.length === segments.length &&
    template.every((part, i) => i === index || part.startsWith(':') || part === segments[i]);
  return templates.find(fits)?.[index]?.replace(/^:/, '');
}

/** The first path segment that is not valid percent-encoding or decodes to a NUL, with its problem. */
function badSegment(segments: string[]): { index: number; problem: string } | undefined {
  for (const [index, segment] of segments.entries()) {
    if (!segment.includes('%')) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { index, problem: '不是有效的 URL 编码' };
    }
    if (decoded.includes('\0')) return { index, problem: '不能包含 NUL (\\u0000) 字符' };
  }
  return undefined;
}

/**
 * The rules every request obeys beyond its route's schema, checked once at the edge: a path in
 * valid percent-encoding, and no NUL or over-deep nesting anywhere in the query or JSON body
 * (MAX_JSON_DEPTH). Refusals are 400s naming the field, before any route or database sees them.
 */
export function inputGuard(contract: AppRouter): RequestHandler {
  const templates = templatesOf(contract);
  return (req, _res, next) => {
    const segments = req.path.split('/');
    const bad = badSegment(segments);
    if (bad) {
      const name = parameterAt(templates, segments, bad.index);
      const what = name === undefined ? '路径' : `路径参数 ${name}`;
      return next(new ApiError('validation_failed', `${what} ${bad.problem}`, `${req.method} ${req.path}`));
    }
    const fault = findInputFault(req.query) ?? findInputFault(req.body);
    if (fault) return next(new ApiError('validation_failed', describeInputFault(fault)));
    next();
  };
}
