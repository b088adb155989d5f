/** A frame's `type` when it is one of `known`, else `other`: a metric label stays bounded. */
export function frameTypeOf(json: string, known: ReadonlySet<string>): string {
  // Frames put `type` first; looking only at the start keeps a 10 MB voice frame cheap.
  const match = /"type"\s*:\s*"([a-z_]{1,40})"/.exec(json.slice(0, 256));
  const type = match?.[1];
  return type !== undefined && known.has(type) ? type : 'other';
}
