import type { RouteObject } from 'react-router';
import { Placeholder } from '../app/placeholder';

export const automationRoutes: RouteObject[] = [
  { path: '/automation', element: <Placeholder title="automation" /> },
];
