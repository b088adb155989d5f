/** A semantic version, x.y.z. */
export type Version = [number, number, number];

export function parseVersion(text: string): Version | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

export const compareVersions = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/**
 * Breaking changes since `released` may ship only in an SDK version that a caret range on the
 * release (`^x.y.z`, what npm installs by default) does not reach: a higher major version, or below
 * 1.0 a higher minor one (semver §4: 0.y.z is initial development; npm's ^0.1.0 means <0.2.0).
 */
export const allowsBreaking = (sdk: Version, released: Version): boolean =>
  sdk[0] > released[0] || (sdk[0] === 0 && released[0] === 0 && sdk[1] > released[1]);
