import type { AppRouter } from '@ts-rest/core';
import { type createExpressEndpoints, initServer } from '@ts-rest/express';

/** The ts-rest server builder every domain router and route file uses. */
export const s = initServer();

/**
 * A handler (or `{ middleware, handler }`) for every route of contract C, as createExpressEndpoints
 * takes it (@ts-rest/express does not export the type by name).
 */
export type ImplementationsOf<C extends AppRouter> = Parameters<typeof createExpressEndpoints<C>>[1];
