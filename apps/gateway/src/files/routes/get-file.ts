import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { FilesService } from '../service';

export const getFile = (files: FilesService) =>
  s.route(contract.files.getFile, async ({ params, req }) => ({
    status: 200,
    body: await files.getOwnedFile(principalOf(req).userId, params.id),
  }));
