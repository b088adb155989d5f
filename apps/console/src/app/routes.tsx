import { Navigate, type RouteObject } from 'react-router';
import { adminRoutes } from '../admin/routes';
import { LoginPage } from '../auth/LoginPage';
import { automationRoutes } from '../automation/routes';
import { briefingsRoutes } from '../briefings/routes';
import { chatRoutes } from '../chat/routes';
import { filesRoutes } from '../files/routes';
import { knowledgeRoutes } from '../knowledge/routes';
import { memoryRoutes } from '../memory/routes';
import { notificationsRoutes } from '../notifications/routes';
import { remindersRoutes } from '../reminders/routes';
import { searchRoutes } from '../search/routes';
import { Loading } from '../ui/Loading';
import { NotFound, RequireAdmin, RequireSignIn } from './guards';
import { Layout } from './Layout';

/** Every screen of the console; each area declares its own paths in `<area>/routes.tsx`. */
export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireSignIn />,
    // Each screen's code loads with its first visit; until the first one has, a quiet placeholder.
    hydrateFallbackElement: <Loading />,
    children: [
      {
        element: <Layout />,
        children: [
          { index: true, element: <Navigate to="/chat" replace /> },
          ...chatRoutes,
          ...searchRoutes,
          ...filesRoutes,
          ...knowledgeRoutes,
          ...memoryRoutes,
          ...remindersRoutes,
          ...notificationsRoutes,
          ...automationRoutes,
          ...briefingsRoutes,
          { element: <RequireAdmin />, children: adminRoutes },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
];
