/** Live sessions change by the second; the list and the details refresh this often. */
export const REFRESH_MS = 5_000;
