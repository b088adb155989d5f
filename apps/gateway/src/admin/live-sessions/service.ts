import type { SessionState } from '@cyrene/contracts';
import { ApiError } from '../../http/api-error';
import { toSessionStates } from './mapper';
import type { LiveSessionsRepository } from './repository';

/** §15 live sessions: what every instance's WebSocket connections look like right now. */
export class LiveSessionsService {
  constructor(private readonly repo: LiveSessionsRepository) {}

  async list(): Promise<SessionState[]> {
    return toSessionStates(await this.repo.connections());
  }

  async byUser(): Promise<Record<string, SessionState[]>> {
    const users: Record<string, SessionState[]> = {};
    for (const state of await this.list()) {
      const list = users[state.user_id];
      if (list) list.push(state);
      else users[state.user_id] = [state];
    }
    return users;
  }

  /** The session's state; when two users share a session id, the more recently active one. */
  async get(sessionId: string): Promise<SessionState> {
    const [state] = toSessionStates(await this.repo.connections(sessionId));
    if (!state) throw new ApiError('session_not_found', '会话不存在');
    return state;
  }
}
