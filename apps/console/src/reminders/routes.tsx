import type { RouteObject } from 'react-router';
import { RemindersPage } from './RemindersPage';

export const remindersRoutes: RouteObject[] = [{ path: '/reminders', element: <RemindersPage /> }];
