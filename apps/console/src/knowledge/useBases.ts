import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/client';
import { getKnowledgeBase, knowledgeKeys, listKnowledgeBases } from './queries';

/** The caller's knowledge bases, newest first (shared by the list and the search's scope). */
export function useBases() {
  const api = useApi();
  return useQuery({
    queryKey: knowledgeKeys.bases,
    queryFn: () => listKnowledgeBases(api),
  });
}

/** One knowledge base and its documents (its page, and the way back from one of its documents). */
export function useBase(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: knowledgeKeys.base(id),
    queryFn: () => getKnowledgeBase(api, id),
  });
}
