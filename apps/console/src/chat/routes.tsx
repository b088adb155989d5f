import type { RouteObject } from 'react-router';
import { ChatPage } from './ChatPage';

/** One route for both, so picking a session keeps the page (and the list's state) mounted. */
export const chatRoutes: RouteObject[] = [{ path: '/chat/:sessionId?', element: <ChatPage /> }];
