import { contract } from '@cyrene/contracts';
import { s } from '../http/server';
import { deleteFile } from './routes/delete-file';
import { downloadFile } from './routes/download-file';
import { getFile } from './routes/get-file';
import { getFileThumbnail } from './routes/get-file-thumbnail';
import { listFiles } from './routes/list-files';
import { uploadFile } from './routes/upload-file';
import type { FilesService } from './service';

export function filesRouter(files: FilesService) {
  return s.router(contract.files, {
    uploadFile: uploadFile(files),
    listFiles: listFiles(files),
    getFile: getFile(files),
    downloadFile: downloadFile(files),
    getFileThumbnail: getFileThumbnail(files),
    deleteFile: deleteFile(files),
  });
}
