/** Every briefings query lives under this key. */
export const BRIEFINGS_KEY = ['briefings'] as const;
