import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { ImagesService } from '../service';

export const getImageAnalysis = (images: ImagesService) =>
  s.route(contract.images.getImageAnalysis, async ({ params, req }) => ({
    status: 200,
    body: await images.analyzeStored(principalOf(req).userId, params.file_id),
  }));
