import type { RouteObject } from 'react-router';
import { AutomationPage } from './AutomationPage';
import { NewRulePage } from './NewRulePage';
import { RulePage } from './RulePage';

export const automationRoutes: RouteObject[] = [
  { path: '/automation', element: <AutomationPage /> },
  { path: '/automation/rules/new', element: <NewRulePage /> },
  { path: '/automation/rules/:id', element: <RulePage /> },
];
