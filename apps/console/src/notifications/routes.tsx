import type { RouteObject } from 'react-router';
import { Placeholder } from '../app/placeholder';

export const notificationsRoutes: RouteObject[] = [
  { path: '/notifications', element: <Placeholder title="notifications" /> },
];
