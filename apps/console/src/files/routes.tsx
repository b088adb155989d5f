import type { RouteObject } from 'react-router';

export const filesRoutes: RouteObject[] = [
  { path: '/files', lazy: () => import('./FilesPage').then((m) => ({ Component: m.FilesPage })) },
];
