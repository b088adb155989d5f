import type { BlobStore } from '../blobs/blob-store';
import type { Config } from '../config/config';
import { CliError } from './errors';

/** The configured blob store, checked: a bucket that cannot be used stops the command with why. */
export async function cliBlobStore(config: Config): Promise<BlobStore> {
  // Loaded on use: `--help` and the commands without stored files do not load the S3 client.
  const { createBlobStore } = await import('../blobs/create-blob-store');
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
