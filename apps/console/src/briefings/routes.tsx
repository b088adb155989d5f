import type { RouteObject } from 'react-router';
import { Placeholder } from '../app/placeholder';

export const briefingsRoutes: RouteObject[] = [
  { path: '/briefings', element: <Placeholder title="briefings" /> },
];
