import type { RouteObject } from 'react-router';
import { BasePage } from './BasePage';
import { BasesPage } from './BasesPage';
import { DocumentPage } from './DocumentPage';

export const knowledgeRoutes: RouteObject[] = [
  { path: '/knowledge', element: <BasesPage /> },
  { path: '/knowledge/:id', element: <BasePage /> },
  { path: '/knowledge/:id/documents/:documentId', element: <DocumentPage /> },
];
