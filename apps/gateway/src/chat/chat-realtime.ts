import type { Server } from 'node:http';
import type { AppContext } from '../context';
import type { JobRunner } from '../jobs/runner';
import type { NotificationDelivery } from '../notifications/delivery';
import { createBus } from '../realtime/create-bus';
import { ChatSocketServer, type ConnectionRegistry } from '../realtime/ws-server';
import { newSessionId } from '../sessions/ids';
import type { ChatContext } from './chat-context';
import { FrameRouter } from './frame-router';
import { NotificationCatchUp } from './notification-catch-up';
import type { ChatService } from './service';
import { registerStreamPruning } from './stream-prune-job';

/** How often, on the embedded database, an instance looks for turns of stopped instances. */
const EMBEDDED_SWEEP_EVERY_MS = 60_000;

/**
 * How often each instance reads the outbox counters of its connected users: a notification whose
 * bus wake-up was lost (its instance died after the commit, the bus was away) arrives this late.
 */
const NOTIFICATION_POLL_MS = 1_000;

/** The chat WebSocket of one gateway instance, with the turn machinery behind it. */
export interface ChatRealtime {
  /** Serves /ws/chat on the server and joins the other instances (bus, sweeps). */
  attach(server: Server): Promise<void>;
  /** Stops: running replies end as interrupted, clients are told to go, the bus is left. */
  close(): Promise<void>;
  /** Stops like a crash: no goodbye, nothing written (tests prove another instance recovers). */
  abandon(): Promise<void>;
}

/** The domain services the chat WebSocket works with (services.ts builds them). */
export interface ChatRealtimeServices {
  chat: ChatService;
  sessions: ChatContext['sessions'];
  voice: ChatContext['speech'];
  clients: ConnectionRegistry;
  notifications: { delivery: NotificationDelivery };
  /** The instance's job runner: stream pruning is a recurring job on it. */
  jobs: Pick<JobRunner, 'register' | 'standing'>;
}

export function createChatRealtime(ctx: AppContext, services: ChatRealtimeServices): ChatRealtime {
  const { config, clock, log, hub } = ctx;
  const validate = ctx.validateResponses ?? false;
  const { turns, interrupter, streamLog, generations } = services.chat.machinery;
  const chat: ChatContext = {
    hub,
    sessions: services.sessions,
    chat: services.chat,
    turns,
    streamLog,
    interrupter,
    speech: services.voice,
    clients: services.clients,
    clock,
    log,
  };
  const sockets = new ChatSocketServer({
    guard: ctx.guard,
    hub,
    clients: services.clients,
    instanceId: ctx.instanceId,
    log,
    heartbeatMs: config.wsHeartbeatMs,
    maxBufferedBytes: config.wsMaxBufferedBytes,
    maxConnectionsPerUser: config.wsMaxConnectionsPerUser,
    maxFramesPerSecond: config.wsMaxFramesPerSecond,
    clock,
    validate,
    frames: new FrameRouter(chat),
    listener: new NotificationCatchUp(services.notifications.delivery),
    telemetry: ctx.telemetry,
    newSessionId,
  });
  registerStreamPruning(services.jobs, {
    clock,
    log,
    retentionMinutes: config.streamRetentionMinutes,
    prune: async (before) => {
      await streamLog.prune(before);
      await generations.prune(before);
    },
  });
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, task: () => Promise<void>, what: string) => {
    const timer = setInterval(() => {
      task().catch((e: unknown) => log.warn({ err: e }, `${what} failed`));
    }, ms);
    timer.unref();
    timers.push(timer);
  };
  const stopTimers = () => {
    for (const timer of timers.splice(0)) clearInterval(timer);
  };

  return {
    async attach(server) {
      sockets.attach(server);
      await hub.connect(createBus(ctx.database, ctx.db, log, ctx.instanceId), streamLog, {
        aliveIntervalMs: config.generationHeartbeatMs,
        log,
      });
      services.notifications.delivery.start({ pollMs: NOTIFICATION_POLL_MS });
      // Embedded PGlite has one process per data dir: turns left running were its predecessor's,
      // ended at once; later sweeps matter only with other instances around.
      const firstSweep =
        ctx.database.engine === 'pglite'
          ? interrupter.endPredecessorTurns(ctx.instanceId)
          : interrupter.sweep();
      void firstSweep.catch((e: unknown) =>
        log.warn({ err: e }, 'ending the turns of stopped instances failed'),
      );
      // Each instance sweeps on its own timer, not as a shared job: a sweep failing while the
      // database is away is also how the interrupter learns of an outage (its databaseBack()),
      // which job runs, never claimed during the outage, would not tell it.
      const sweepEvery =
        ctx.database.engine === 'postgres' ? config.generationHeartbeatMs : EMBEDDED_SWEEP_EVERY_MS;
      every(sweepEvery, () => interrupter.sweep(), 'ending the turns of stopped instances');
    },
    async close() {
      stopTimers();
      services.notifications.delivery.stop();
      await turns.shutdown();
      sockets.close();
      await hub.disconnect();
    },
    async abandon() {
      stopTimers();
      services.notifications.delivery.stop();
      turns.abandon();
      sockets.terminateAll();
      await hub.disconnect({ silently: true });
    },
  };
}
