import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/client';
import { useAuth } from '../auth/auth';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { useToast } from '../ui/toasts';
import { BriefingView } from './BriefingView';
import { briefingsMessages } from './messages';
import { briefingKeys, generateBriefing, getTodayBriefing } from './queries';

/** Today's briefing (or the gateway's word that there is none yet) and "generate now". */
export function TodayBriefing() {
  const t = useT(briefingsMessages);
  const api = useApi();
  const { profile } = useAuth();
  const toast = useToast();
  const queryClient = useQueryClient();
  const today = useQuery({
    queryKey: briefingKeys.today,
    queryFn: () => getTodayBriefing(api),
  });
  const generate = useMutation({
    mutationFn: (userId: string) => generateBriefing(api, userId),
    onSuccess: (result) => {
      toast({ title: result.message, kind: 'success' });
      void queryClient.invalidateQueries({ queryKey: briefingKeys.all });
    },
  });

  return (
    <section className="card stack" aria-labelledby="briefings-today-heading">
      <div className="row briefings-head">
        <h2 id="briefings-today-heading" className="briefings-card-title">
          {t('today')}
        </h2>
        <Button
          variant="primary"
          busy={generate.isPending}
          disabled={!profile}
          onClick={() => profile && generate.mutate(profile.user_id)}
        >
          {t('generate')}
        </Button>
      </div>
      <ErrorNotice error={generate.error} />
      {today.isPending ? (
        <Loading lines={5} />
      ) : today.isError ? (
        <ErrorNotice error={today.error} onRetry={() => today.refetch()} />
      ) : today.data.briefing === null ? (
        <p className="empty">{today.data.message}</p>
      ) : (
        <BriefingView briefing={today.data.briefing} />
      )}
    </section>
  );
}
