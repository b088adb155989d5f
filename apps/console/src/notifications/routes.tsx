import type { RouteObject } from 'react-router';
import { NotificationsPage } from './NotificationsPage';

export const notificationsRoutes: RouteObject[] = [
  { path: '/notifications', element: <NotificationsPage /> },
];
