import { initServer } from '@ts-rest/express';

/** The ts-rest server builder every domain router and route file uses. */
export const s = initServer();
