import type { RouteObject } from 'react-router';

export const remindersRoutes: RouteObject[] = [
  { path: '/reminders', lazy: () => import('./RemindersPage').then((m) => ({ Component: m.RemindersPage })) },
];
