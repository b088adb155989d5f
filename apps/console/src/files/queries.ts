import { type GatewayClient, type ListFilesQuery, unwrap } from '@cyrene/sdk';

/** TanStack Query keys of the files screens; `all` is the prefix of every file list. */
export const fileKeys = {
  all: ['files'] as const,
  page: (page: number) => ['files', page] as const,
  textPicker: ['files', 'text-picker'] as const,
  /** Not under `all`: a new upload does not fetch every thumbnail again. */
  thumbnail: (fileId: string) => ['file-thumbnail', fileId] as const,
  imageAnalysis: (fileId: string) => ['image-analysis', fileId] as const,
};

// The files screens' gateway calls, each answering the success body (a failure throws GatewayError).

export async function listFiles(api: GatewayClient, query: ListFilesQuery) {
  return unwrap(await api.rest.files.listFiles({ query }), 200);
}

export async function deleteFile(api: GatewayClient, id: string) {
  return unwrap(await api.rest.files.deleteFile({ params: { id } }), 200);
}

export async function getImageAnalysis(api: GatewayClient, fileId: string) {
  return unwrap(await api.rest.images.getImageAnalysis({ params: { file_id: fileId } }), 200);
}
