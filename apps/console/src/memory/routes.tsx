import type { RouteObject } from 'react-router';
import { Placeholder } from '../app/placeholder';

export const memoryRoutes: RouteObject[] = [{ path: '/memory', element: <Placeholder title="memory" /> }];
