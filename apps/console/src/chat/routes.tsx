import type { RouteObject } from 'react-router';
import { Placeholder } from '../app/placeholder';

export const chatRoutes: RouteObject[] = [{ path: '/chat', element: <Placeholder title="chat" /> }];
