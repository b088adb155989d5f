import type { RouteObject } from 'react-router';

export const memoryRoutes: RouteObject[] = [
  { path: '/memory', lazy: () => import('./MemoryPage').then((m) => ({ Component: m.MemoryPage })) },
];
