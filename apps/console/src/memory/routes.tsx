import type { RouteObject } from 'react-router';
import { MemoryPage } from './MemoryPage';

export const memoryRoutes: RouteObject[] = [{ path: '/memory', element: <MemoryPage /> }];
