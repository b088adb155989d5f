import type { RouteObject } from 'react-router';
import { Placeholder } from '../app/placeholder';

/** Mounted under RequireAdmin. */
export const adminRoutes: RouteObject[] = [
  { path: '/admin/models', element: <Placeholder title="models" /> },
  { path: '/admin/routing', element: <Placeholder title="routing" /> },
  { path: '/admin/sessions', element: <Placeholder title="sessions" /> },
  { path: '/admin/clients', element: <Placeholder title="clients" /> },
];
