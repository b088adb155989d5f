import { unwrap } from '@cyrene/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/client';
import { useToast } from '../ui/toasts';

export const automationKeys = {
  rules: ['automation', 'rules'] as const,
  rule: (id: string) => ['automation', 'rules', id] as const,
  /** Every rule's runs (a scene runs several rules). */
  everyRun: ['automation', 'runs'] as const,
  runs: (id: string, page: number) => ['automation', 'runs', id, page] as const,
  allRuns: (id: string) => ['automation', 'runs', id] as const,
  lastRun: (id: string) => ['automation', 'runs', id, 'last'] as const,
  scenes: ['automation', 'scenes'] as const,
};

export function useRules() {
  const api = useApi();
  return useQuery({
    queryKey: automationKeys.rules,
    queryFn: async () => unwrap(await api.rest.automation.listRules(), 200).rules,
  });
}

export function useScenes() {
  const api = useApi();
  return useQuery({
    queryKey: automationKeys.scenes,
    queryFn: async () => unwrap(await api.rest.automation.listScenes(), 200).scenes,
  });
}

/** Runs a rule now; the gateway's message is the toast, and the rule's runs are fetched again. */
export function useTriggerRule() {
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: async (id: string) => unwrap(await api.rest.automation.triggerRule({ params: { id } }), 200),
    onSuccess: (body, id) => {
      toast({ title: body.message, kind: 'success' });
      queryClient.invalidateQueries({ queryKey: automationKeys.allRuns(id) });
    },
  });
}
