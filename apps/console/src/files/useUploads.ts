import { MAX_UPLOAD_BYTES } from '@cyrene/sdk';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { useApi } from '../api/client';
import { fileKeys } from './queries';

export type UploadState =
  | { phase: 'uploading' }
  | { phase: 'done' }
  | { phase: 'tooLarge' }
  | { phase: 'failed'; error: unknown };

export interface Upload {
  key: number;
  name: string;
  size: number;
  loaded: number;
  total: number;
  state: UploadState;
}

/**
 * Several uploads side by side, each with its own progress. A file over the limit is refused here,
 * before any byte is sent; anything the gateway refuses keeps the gateway's error.
 */
export function useUploads() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const nextKey = useRef(1);

  const update = useCallback(
    (key: number, change: Partial<Upload>) =>
      setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u))),
    [],
  );

  const uploadOne = useCallback(
    async (file: File) => {
      const key = nextKey.current++;
      const tooLarge = file.size > MAX_UPLOAD_BYTES;
      const upload: Upload = {
        key,
        name: file.name,
        size: file.size,
        loaded: 0,
        total: file.size,
        state: tooLarge ? { phase: 'tooLarge' } : { phase: 'uploading' },
      };
      setUploads((all) => [...all, upload]);
      if (tooLarge) return;
      try {
        await api.uploadFile(file, {
          filename: file.name,
          contentType: file.type || undefined,
          size: file.size,
          onProgress: ({ loaded, total }) => update(key, { loaded, total: total ?? file.size }),
        });
        update(key, { state: { phase: 'done' } });
        await queryClient.invalidateQueries({ queryKey: fileKeys.all });
      } catch (error) {
        update(key, { state: { phase: 'failed', error } });
      }
    },
    [api, queryClient, update],
  );

  const start = useCallback(
    (files: Iterable<File>) => {
      for (const file of files) void uploadOne(file);
    },
    [uploadOne],
  );

  const clearFinished = useCallback(
    () => setUploads((all) => all.filter((u) => u.state.phase === 'uploading')),
    [],
  );

  return { uploads, start, clearFinished };
}
