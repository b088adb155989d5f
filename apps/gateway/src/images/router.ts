import { contract } from '@cyrene/contracts';
import { principalOf } from '../http/principal';
import { s } from '../http/server';
import { analyzeImage } from './routes/analyze-image';
import type { ImagesService } from './service';

export function imagesRouter(images: ImagesService) {
  return s.router(contract.images, {
    analyzeImage: analyzeImage(images),
    getImageAnalysis: async ({ params, req }) => ({
      status: 200,
      body: await images.analyzeStored(principalOf(req).userId, params.file_id),
    }),
  });
}
