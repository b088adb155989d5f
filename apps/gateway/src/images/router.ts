import { contract } from '@cyrene/contracts';
import { s } from '../http/server';
import { analyzeImage } from './routes/analyze-image';
import { getImageAnalysis } from './routes/get-image-analysis';
import type { ImagesService } from './service';

export function imagesRouter(images: ImagesService) {
  return s.router(contract.images, {
    analyzeImage: analyzeImage(images),
    getImageAnalysis: getImageAnalysis(images),
  });
}
