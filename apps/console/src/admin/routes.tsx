import type { RouteObject } from 'react-router';
import { ClientsPage } from './clients/ClientsPage';
import { ModelsPage } from './models/ModelsPage';
import { RoutingPage } from './routing/RoutingPage';
import { SessionsPage } from './sessions/SessionsPage';

/** Mounted under RequireAdmin. */
export const adminRoutes: RouteObject[] = [
  { path: '/admin/models', element: <ModelsPage /> },
  { path: '/admin/routing', element: <RoutingPage /> },
  { path: '/admin/sessions', element: <SessionsPage /> },
  { path: '/admin/clients', element: <ClientsPage /> },
];
