/** TanStack Query keys of the files screens; `all` is the prefix of every file list. */
export const fileKeys = {
  all: ['files'] as const,
  page: (page: number) => ['files', page] as const,
  textPicker: ['files', 'text-picker'] as const,
  /** Not under `all`: a new upload does not fetch every thumbnail again. */
  thumbnail: (fileId: string) => ['file-thumbnail', fileId] as const,
  imageAnalysis: (fileId: string) => ['image-analysis', fileId] as const,
};
