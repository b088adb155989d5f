import type { RouteObject } from 'react-router';
import { FilesPage } from './FilesPage';

export const filesRoutes: RouteObject[] = [{ path: '/files', element: <FilesPage /> }];
