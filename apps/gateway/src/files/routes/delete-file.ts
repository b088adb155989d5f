import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { FilesService } from '../service';

export const deleteFile = (files: FilesService) =>
  s.route(contract.files.deleteFile, async ({ params, req }) => {
    await files.delete(principalOf(req).userId, params.id);
    return { status: 200, body: { status: 'deleted' } };
  });
