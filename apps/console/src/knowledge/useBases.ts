import { unwrap } from '@cyrene/sdk';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/client';

/** The caller's knowledge bases, newest first (shared by the list and the search's scope). */
export function useBases() {
  const api = useApi();
  return useQuery({
    queryKey: ['knowledge', 'bases'],
    queryFn: async () => unwrap(await api.rest.knowledge.listKnowledgeBases(), 200),
  });
}
