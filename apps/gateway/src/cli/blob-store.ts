import type { Config } from '../config/config';
import type { BlobStore } from '../files/blob-store';
import { createBlobStore } from '../files/create-blob-store';
import { CliError } from './errors';

/** The configured blob store, checked: a bucket that cannot be used stops the command with why. */
export async function cliBlobStore(config: Config): Promise<BlobStore> {
  const blobs = createBlobStore(config);
  try {
    await blobs.check();
  } catch (e) {
    throw new CliError(
      `stored files: ${e instanceof Error ? e.message : String(e)}`,
      'check S3_BUCKET, S3_ENDPOINT and the S3 credentials',
    );
  }
  return blobs;
}
