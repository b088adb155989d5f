import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { blobKey } from '../../blobs/blob-store';
import { startS3Server, type TestS3Server } from '../../testing/s3-server';
import type { TestGateway } from '../../testing/test-gateway';

/** The blob stores every files test runs on. */
export const BLOB_STORE_KINDS = ['fs', 's3'] as const;
export type BlobStoreKind = (typeof BLOB_STORE_KINDS)[number];

/** What a test needs to know of a store: how to point a gateway at it and what it holds. */
export interface TestBlobStore {
  kind: BlobStoreKind;
  /** Gateway settings for this store (empty for the file system). */
  env(): Record<string, string>;
  /**
   * Everything the gateway keeps for files: `ab/cd/<hash>` blobs and thumbnails (in DATA_DIR or
   * the bucket), and `tmp/…` temp files on the instance's disk. Sorted.
   */
  stored(gw: TestGateway): Promise<string[]>;
  /** Deletes a blob's bytes behind the gateway's back (its thumbnail stays). */
  dropBlob(gw: TestGateway, hash: string): Promise<void>;
  /** The S3 server, for the s3 kind. */
  s3(): TestS3Server | undefined;
}

/** Regular files under `root`, relative to it. */
async function filesUnder(root: string): Promise<string[]> {
  try {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
  } catch {
    return [];
  }
}

/**
 * The store of `kind` for the tests of one describe block: the S3 server is started before them
 * and stopped after, on loopback, by the tests themselves.
 */
export function useTestBlobStore(kind: BlobStoreKind): TestBlobStore {
  let server: TestS3Server | undefined;
  if (kind === 's3') {
    beforeAll(async () => {
      server = await startS3Server();
    });
    afterAll(() => server?.close());
  }
  const prefixOf = (gw: TestGateway) => `${gw.config.s3?.prefix ?? ''}blobs/`;
  const localBlobs = (gw: TestGateway) => path.join(gw.config.dataDir, 'blobs');
  return {
    kind,
    env: () => server?.env() ?? {},
    async stored(gw) {
      const local = await filesUnder(localBlobs(gw));
      const remote = server ? await server.keys(prefixOf(gw)) : [];
      return [...local.map((f) => f.split(path.sep).join('/')), ...remote].sort();
    },
    async dropBlob(gw, hash) {
      if (server) await server.deleteKey(prefixOf(gw) + blobKey(hash));
      else await rm(path.join(localBlobs(gw), ...blobKey(hash).split('/')));
    },
    s3: () => server,
  };
}
