import type { RouteObject } from 'react-router';
import { Placeholder } from '../app/placeholder';

export const filesRoutes: RouteObject[] = [{ path: '/files', element: <Placeholder title="files" /> }];
