import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { FilesService } from '../service';

export const listFiles = (files: FilesService) =>
  s.route(contract.files.listFiles, async ({ query, req }) => ({
    status: 200,
    body: await files.list(principalOf(req).userId, query),
  }));
