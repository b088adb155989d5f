import type { RouteObject } from 'react-router';

export const knowledgeRoutes: RouteObject[] = [
  { path: '/knowledge', lazy: () => import('./BasesPage').then((m) => ({ Component: m.BasesPage })) },
  { path: '/knowledge/:id', lazy: () => import('./BasePage').then((m) => ({ Component: m.BasePage })) },
  {
    path: '/knowledge/:id/documents/:documentId',
    lazy: () => import('./DocumentPage').then((m) => ({ Component: m.DocumentPage })),
  },
];
