import { contract } from '@cyrene/contracts';
import { principalOf } from '../http/principal';
import { s } from '../http/server';
import { downloadFile } from './routes/download-file';
import { getFileThumbnail } from './routes/get-file-thumbnail';
import type { FilesService } from './service';

export function filesRouter(files: FilesService) {
  return s.router(contract.files, {
    /** ts-rest leaves multipart bodies alone: the service reads the request stream itself. */
    uploadFile: async ({ req }) => ({
      status: 201,
      body: await files.upload(principalOf(req).userId, req),
    }),
    listFiles: async ({ query, req }) => ({
      status: 200,
      body: await files.list(principalOf(req).userId, query),
    }),
    getFile: async ({ params, req }) => ({
      status: 200,
      body: await files.getOwnedFile(principalOf(req).userId, params.id),
    }),
    downloadFile: downloadFile(files),
    getFileThumbnail: getFileThumbnail(files),
    deleteFile: async ({ params, req }) => {
      await files.delete(principalOf(req).userId, params.id);
      return { status: 200, body: { status: 'deleted' } };
    },
  });
}
