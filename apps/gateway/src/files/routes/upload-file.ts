import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { FilesService } from '../service';

/** ts-rest leaves multipart bodies alone: the service reads the request stream itself. */
export const uploadFile = (files: FilesService) =>
  s.route(contract.files.uploadFile, async ({ req }) => ({
    status: 201,
    body: await files.upload(principalOf(req).userId, req),
  }));
