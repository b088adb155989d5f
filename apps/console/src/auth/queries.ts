/** TanStack Query keys of the signed-in person. */
export const authKeys = {
  profile: ['profile'] as const,
};
