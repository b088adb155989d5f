import type { RouteObject } from 'react-router';
import { BriefingsPage } from './BriefingsPage';

export const briefingsRoutes: RouteObject[] = [{ path: '/briefings', element: <BriefingsPage /> }];
