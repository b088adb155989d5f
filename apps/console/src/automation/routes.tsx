import type { RouteObject } from 'react-router';

export const automationRoutes: RouteObject[] = [
  {
    path: '/automation',
    lazy: () => import('./AutomationPage').then((m) => ({ Component: m.AutomationPage })),
  },
  {
    path: '/automation/rules/new',
    lazy: () => import('./NewRulePage').then((m) => ({ Component: m.NewRulePage })),
  },
  {
    path: '/automation/rules/:id',
    lazy: () => import('./RulePage').then((m) => ({ Component: m.RulePage })),
  },
];
