import type { RouteObject } from 'react-router';

export const briefingsRoutes: RouteObject[] = [
  { path: '/briefings', lazy: () => import('./BriefingsPage').then((m) => ({ Component: m.BriefingsPage })) },
];
