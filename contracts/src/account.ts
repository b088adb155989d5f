import { c, meta } from './common/contract';

/**
 * The caller's own account as a whole (beyond the spec: a self-hosted user's right to take their
 * data along). The archive format is described in docs/guides/operations.md.
 */

/** The media type of an account archive: gzip-compressed JSON Lines. */
export const ACCOUNT_ARCHIVE_CONTENT_TYPE = 'application/gzip';

export const accountContract = c.router({
  exportAccount: {
    method: 'GET',
    path: '/account/export',
    summary: 'Export all of my data',
    description:
      'A file download of everything of the caller: sessions and their messages, files with their content, ' +
      'memories, knowledge bases with their documents and chunks, reminders, automation rules and scenes. ' +
      'Content-Type: application/gzip; Content-Disposition: attachment; filename="cyrene-export-<user_id>-<YYYYMMDD>.jsonl.gz". ' +
      'The body is gzip-compressed JSON Lines: a header line (format "cyrene-account", version 1, record counts), ' +
      'one line per record {area, kind, item}, stored file content as {blob: <sha256>, data: <base64>} lines, ' +
      'and an end line {end: {items, blobs}}; a download cut short lacks the end line and is refused by `cyrene import`. ' +
      'The operator imports it into any gateway with `cyrene import <file> [--as <user_id>]`.',
    responses: {
      200: c.otherResponse({ contentType: ACCOUNT_ARCHIVE_CONTENT_TYPE, body: c.type<Blob>() }),
    },
    metadata: meta({ auth: 'user' }),
  },
});
