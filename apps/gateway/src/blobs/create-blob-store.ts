import type { Config } from '../config/config';
import type { BlobStore } from './blob-store';
import { FsBlobStore } from './fs-blob-store';
import { createS3Client, S3BlobStore } from './s3-blob-store';

/** The configured store: the S3 bucket when S3_BUCKET is set, else DATA_DIR/blobs. */
export function createBlobStore(config: Pick<Config, 's3' | 'dataDir'>): BlobStore {
  const { s3 } = config;
  return s3 ? new S3BlobStore(createS3Client(s3), s3, config.dataDir) : new FsBlobStore(config.dataDir);
}
