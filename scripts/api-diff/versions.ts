/** A semantic version, x.y.z. */
export type Version = [number, number, number];

export function parseVersion(text: string): Version | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

export const compareVersions = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Breaking changes since `released` may ship only in an SDK whose major version is higher. */
export const allowsBreaking = (sdk: Version, released: Version): boolean => sdk[0] > released[0];
