import type { RouteObject } from 'react-router';
import { Placeholder } from '../app/placeholder';

export const knowledgeRoutes: RouteObject[] = [
  { path: '/knowledge', element: <Placeholder title="knowledge" /> },
];
