/** TanStack Query keys of the admin screens, so a save can refresh exactly what it changed. */
export const adminKeys = {
  providers: ['admin', 'providers'] as const,
  models: ['admin', 'models'] as const,
  routing: ['admin', 'routing'] as const,
  sessions: ['admin', 'sessions'] as const,
  sessionsByUser: ['admin', 'sessions', 'by-user'] as const,
  session: (id: string) => ['admin', 'sessions', 'one', id] as const,
  allClients: ['admin', 'clients'] as const,
  system: ['admin', 'system'] as const,
  clients: (userId: string) => ['admin', 'clients', userId] as const,
};
