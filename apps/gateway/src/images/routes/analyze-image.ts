import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import { fileIdFrom, type ImagesService } from '../service';

/**
 * Two bodies on one route: multipart (an image to analyse, or a file_id field), read from the
 * request stream by the service; or JSON {"file_id"}, validated here since ts-rest cannot
 * validate a body typed for multipart.
 */
export const analyzeImage = (images: ImagesService) =>
  s.route(contract.images.analyzeImage, async ({ req, body }) => {
    const owner = principalOf(req).userId;
    const analysis = req.is('multipart/form-data')
      ? await images.analyzeUpload(owner, req)
      : await images.analyzeStored(owner, fileIdFrom(body));
    return { status: 200, body: analysis };
  });
