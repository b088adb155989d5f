import type { ChatEngine } from '../chat-engine/engine';
import type { AppContext } from '../context';
import { StreamLog } from '../realtime/stream-log';
import type { SessionsService } from '../sessions/service';
import { GenerationsRepository } from './generations-repository';
import { TurnInterrupter } from './interrupter';
import { ChatService } from './service';
import { TurnLocks } from './turn-locks';
import { TurnRunner } from './turn-runner';
import { PACING_EMBEDDED, PACING_POSTGRES } from './write-pacer';

/**
 * §2 chat turns of this gateway instance: the per-session turn lock (across instances), the
 * stream log, the interrupter for turns whose instance died, and the service every door uses.
 */
export function createChat(ctx: AppContext, deps: { sessions: SessionsService; chatEngine: ChatEngine }) {
  const { config, clock, log, hub } = ctx;
  const validate = ctx.validateResponses ?? false;
  const generations = new GenerationsRepository(ctx.db);
  const streamLog = new StreamLog(ctx.db);
  const interrupter = new TurnInterrupter({
    repo: generations,
    streamLog,
    sessions: deps.sessions,
    hub,
    clock,
    log,
    validate,
    staleCutoff: () => new Date(clock.now().getTime() - 3 * config.generationHeartbeatMs),
    instanceId: ctx.instanceId,
  });
  ctx.database.onReconnected(() => interrupter.databaseBack());
  const locks = new TurnLocks({
    repo: generations,
    hub,
    clock,
    log,
    instanceId: ctx.instanceId,
    heartbeatMs: config.generationHeartbeatMs,
    interrupt: (row) => interrupter.interrupt(row),
  });
  const turns = new TurnRunner({
    locks,
    hub,
    streamLog,
    clock,
    log,
    validate,
    engine: deps.chatEngine,
    sessions: deps.sessions,
    pacing: ctx.database.engine === 'postgres' ? PACING_POSTGRES : PACING_EMBEDDED,
  });
  return new ChatService(deps.sessions, { turns, interrupter, streamLog, generations }, log);
}
