import { contract } from '@cyrene/contracts';
import { principalOf } from '../http/principal';
import { s } from '../http/server';
import { exportSession } from './routes/export-session';
import type { SessionsService } from './service';

export function sessionsRouter(sessions: SessionsService) {
  return s.router(contract.sessions, {
    createSession: async ({ req, body }) => ({
      status: 201,
      body: await sessions.create(principalOf(req), body),
    }),
    listSessions: async ({ req, query }) => ({
      status: 200,
      body: { sessions: await sessions.list(principalOf(req), query.user_id) },
    }),
    getSession: async ({ req, params }) => ({
      status: 200,
      body: await sessions.get(principalOf(req), params.id),
    }),
    updateSession: async ({ req, params, body }) => ({
      status: 200,
      body: await sessions.rename(principalOf(req), params.id, body.title),
    }),
    deleteSession: async ({ req, params }) => {
      await sessions.delete(principalOf(req), params.id);
      return { status: 200, body: { status: 'deleted' } };
    },
    deleteAllSessions: async ({ req, query }) => {
      await sessions.deleteAll(principalOf(req), query.user_id);
      return { status: 200, body: { status: 'deleted' } };
    },
    listMessages: async ({ req, params, query }) => ({
      status: 200,
      body: { messages: await sessions.messages(principalOf(req), params.id, query.limit, query.offset) },
    }),
    clearMessages: async ({ req, params }) => {
      await sessions.clearMessages(principalOf(req), params.id);
      return { status: 200, body: { status: 'cleared' } };
    },
    exportSession: exportSession(sessions),
  });
}
