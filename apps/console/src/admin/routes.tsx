import type { RouteObject } from 'react-router';

/** Mounted under RequireAdmin. */
export const adminRoutes: RouteObject[] = [
  {
    path: '/admin/models',
    lazy: () => import('./models/ModelsPage').then((m) => ({ Component: m.ModelsPage })),
  },
  {
    path: '/admin/routing',
    lazy: () => import('./routing/RoutingPage').then((m) => ({ Component: m.RoutingPage })),
  },
  {
    path: '/admin/sessions',
    lazy: () => import('./sessions/SessionsPage').then((m) => ({ Component: m.SessionsPage })),
  },
  {
    path: '/admin/system',
    lazy: () => import('./system/SystemPage').then((m) => ({ Component: m.SystemPage })),
  },
  {
    path: '/admin/clients',
    lazy: () => import('./clients/ClientsPage').then((m) => ({ Component: m.ClientsPage })),
  },
];
