import type { RouteObject } from 'react-router';

export const searchRoutes: RouteObject[] = [
  { path: '/search', lazy: () => import('./SearchPage').then((m) => ({ Component: m.SearchPage })) },
];
