import type { RouteObject } from 'react-router';

/** One route for both, so picking a session keeps the page (and the list's state) mounted. */
export const chatRoutes: RouteObject[] = [
  { path: '/chat/:sessionId?', lazy: () => import('./ChatPage').then((m) => ({ Component: m.ChatPage })) },
];
