import type { RouteObject } from 'react-router';
import { Placeholder } from '../app/placeholder';

export const searchRoutes: RouteObject[] = [{ path: '/search', element: <Placeholder title="search" /> }];
