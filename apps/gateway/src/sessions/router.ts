import { contract } from '@cyrene/contracts';
import { s } from '../http/server';
import { clearMessages } from './routes/clear-messages';
import { createSession } from './routes/create-session';
import { deleteAllSessions } from './routes/delete-all-sessions';
import { deleteSession } from './routes/delete-session';
import { exportSession } from './routes/export-session';
import { getSession } from './routes/get-session';
import { listMessages } from './routes/list-messages';
import { listSessions } from './routes/list-sessions';
import { updateSession } from './routes/update-session';
import type { SessionsService } from './service';

export function sessionsRouter(sessions: SessionsService) {
  return s.router(contract.sessions, {
    createSession: createSession(sessions),
    listSessions: listSessions(sessions),
    getSession: getSession(sessions),
    updateSession: updateSession(sessions),
    deleteSession: deleteSession(sessions),
    deleteAllSessions: deleteAllSessions(sessions),
    listMessages: listMessages(sessions),
    clearMessages: clearMessages(sessions),
    exportSession: exportSession(sessions),
  });
}
