import { ALLOWED_FILE_MIME_TYPES, MAX_UPLOAD_BYTES } from '@cyrene/contracts';
import { z } from 'zod';
import { ArchivedTimestamp, type AreaStore, accountArea } from '../db/archive';

/**
 * §6's part of a user's account archive: their uploads' metadata. The bytes travel beside it in
 * the archive, once per distinct SHA-256; the importer hands them over as files on disk.
 */
export const FilesAccountDataSchema = z
  .object({
    files: z.array(
      z.object({
        id: z.string().uuid(),
        filename: z.string().min(1).max(255),
        mime_type: z
          .string()
          .refine(
            (m) => (ALLOWED_FILE_MIME_TYPES as readonly string[]).includes(m),
            'not an allowed file type',
          ),
        size: z.number().int().min(0).max(MAX_UPLOAD_BYTES),
        hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase SHA-256'),
        is_public: z.boolean(),
        created_at: ArchivedTimestamp,
      }),
    ),
  })
  .superRefine((data, ctx) => {
    if (new Set(data.files.map((f) => f.id)).size !== data.files.length) {
      ctx.addIssue({ code: 'custom', path: ['files'], message: 'duplicate file id' });
    }
  });

export type FilesAccountData = z.input<typeof FilesAccountDataSchema>;
export type FilesAccountImport = z.output<typeof FilesAccountDataSchema>;

/** This domain's area of the account archive (services.ts registers it); its blobs travel beside it. */
export const filesAccountArea = (store: AreaStore<FilesAccountData, FilesAccountImport>) =>
  accountArea({
    name: 'files',
    schema: FilesAccountDataSchema,
    store,
    content: (data) => data.files.map((f) => ({ hash: f.hash, fileId: f.id })),
  });
