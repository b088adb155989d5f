import type { RouteObject } from 'react-router';
import { Placeholder } from '../app/placeholder';

export const remindersRoutes: RouteObject[] = [
  { path: '/reminders', element: <Placeholder title="reminders" /> },
];
