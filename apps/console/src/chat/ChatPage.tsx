import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Empty, Loading } from '../ui/Loading';
import { Conversation } from './Conversation';
import { chatMessages } from './messages';
import { chatKeys, getSession, sessionsQuery } from './queries';
import { SessionList } from './SessionList';
import './chat.css';

/** `/chat` and `/chat/:sessionId`: the session list beside (on a phone: above) the open conversation. */
export function ChatPage() {
  const { sessionId } = useParams();
  return (
    <div className="chat-page">
      <SessionList selectedId={sessionId} />
      {sessionId === undefined ? <NoSession /> : <OpenSession key={sessionId} sessionId={sessionId} />}
    </div>
  );
}

function NoSession() {
  const t = useT(chatMessages);
  return (
    <section className="chat-conversation chat-conversation-empty">
      <Empty>{t('pickSession')}</Empty>
    </section>
  );
}

/** The session from the list; one not in it (gone, or someone else's) is asked for, so its 404 shows. */
function OpenSession({ sessionId }: { sessionId: string }) {
  const api = useApi();
  const list = useQuery(sessionsQuery(api));
  const listed = list.data?.find((s) => s.id === sessionId);
  const single = useQuery({
    queryKey: chatKeys.session(sessionId),
    queryFn: () => getSession(api, sessionId),
    enabled: list.isSuccess && !listed,
  });
  const session = listed ?? single.data;
  if (session) return <Conversation session={session} />;
  const error = list.error ?? single.error;
  return (
    <section className="chat-conversation">
      {error ? (
        <ErrorNotice error={error} onRetry={() => void (list.isError ? list.refetch() : single.refetch())} />
      ) : (
        <Loading />
      )}
    </section>
  );
}
