import { createAdminServices } from './admin/create';
import { SystemRepository } from './admin/system/repository';
import { SystemStatusService } from './admin/system/service';
import { PasswordHasher } from './auth/passwords';
import { AuthRepository } from './auth/repository';
import { AuthService } from './auth/service';
import { automationAccountArea } from './automation/account-data';
import { chatThrough } from './automation/chat';
import { createAutomation } from './automation/create';
import { createBriefings } from './briefings/create';
import { createChat } from './chat/create';
import { createChatEngine } from './chat-engine/engine';
import type { AppContext } from './context';
import { filesAccountArea } from './files/account-data';
import { createFilesServices } from './files/create';
import { ImagesService } from './images/service';
import { VisionDescriber } from './images/vision';
import { JobRunner } from './jobs/runner';
import { knowledgeAccountArea } from './knowledge/account-data';
import { createKnowledge } from './knowledge/create';
import { memoryAccountArea } from './memory/account-data';
import { createMemoryService } from './memory/create';
import { MessagesRepository } from './messages/repository';
import { MessagesService } from './messages/service';
import { createNotifications } from './notifications/create';
import { remindersAccountArea } from './reminders/account-data';
import { createReminders } from './reminders/create';
import { sessionsAccountArea } from './sessions/account-data';
import { SessionsRepository } from './sessions/repository';
import { SessionsService } from './sessions/service';
import { createVoiceService } from './voice/create';
import { createWebhooks } from './webhooks/create';

/**
 * Every domain service, built once in dependency order. A domain may use another domain's
 * service (chat uses files for attachments), never its repository.
 */
export function createServices(ctx: AppContext) {
  const { config } = ctx;
  const auth = new AuthService(
    new AuthRepository(ctx.db),
    ctx.tokens,
    ctx.loginGenerations,
    new PasswordHasher(),
    {
      adminUsername: config.adminUsername,
      adminPassword: config.adminPassword,
      registrationEnabled: config.registrationEnabled,
    },
    ctx.clock,
    ctx.log,
  );
  const { modelRouting, clients, admin } = createAdminServices(ctx);
  const { files, blobs, imageWork } = createFilesServices(ctx);
  const images = new ImagesService(files, new VisionDescriber(modelRouting, ctx.log), imageWork);
  const sessions = new SessionsService(new SessionsRepository(ctx.db), ctx.clock);
  const messages = new MessagesService(new MessagesRepository(ctx.db));
  const chatEngine = createChatEngine({
    modelRouting,
    aiCoreUrl: config.aiCoreUrl,
    log: ctx.log,
    telemetry: ctx.telemetry,
  });
  // The one chat path: the WebSocket, the webhooks and automation's chat action all go through it.
  const chat = createChat(ctx, { sessions, chatEngine });
  const knowledge = createKnowledge({ ...ctx, modelRouting, files });
  const memory = createMemoryService({ ...ctx, memoryServiceUrl: config.memoryServiceUrl });
  const voice = createVoiceService(ctx, modelRouting);
  const webhooks = createWebhooks(ctx, { chat });
  // The instance's job runner: domains register their kinds on it; server.ts and test gateways start it.
  const jobs = new JobRunner(ctx.db, ctx.clock, ctx.log, {
    instanceId: ctx.instanceId,
    pollMs: config.jobPollMs,
    leaseMs: config.jobLeaseMs,
    concurrency: config.jobConcurrency,
    misfireGraceMs: config.jobMisfireGraceMs,
    telemetry: ctx.telemetry,
  });
  const notifications = createNotifications(ctx, auth);
  const reminders = createReminders(ctx, { jobs, notifications, sessions });
  const automation = createAutomation(ctx, {
    jobs,
    notifications,
    reminders,
    chat: chatThrough(chat),
  });
  // Every user message stored, from any door, may fire the owner's chat_message rules.
  chat.onUserMessage((m, cause) => automation.events.chatMessage(m.userId, m.sessionId, m.content, cause));
  const system = new SystemStatusService({
    repo: new SystemRepository(ctx.db),
    clock: ctx.clock,
    instanceId: ctx.instanceId,
    localConnections: () => ctx.hub.count(),
    jobs,
    recentErrors: ctx.recentErrors,
    telemetry: { metrics: config.metricsToken !== undefined, tracing: config.otlpTracesUrl !== undefined },
  });
  const briefings = createBriefings(ctx, { jobs, notifications, reminders, auth, modelRouting, chatEngine });
  // The account archive's areas, in import order: sessions before what may name a session
  // (reminders), files before knowledge documents made from them, rules before scenes. Left out:
  // notifications and briefings (made again), run history, known devices and the login itself.
  const accountAreas = [
    sessionsAccountArea(sessions),
    filesAccountArea(files),
    knowledgeAccountArea(knowledge.service),
    memoryAccountArea(memory),
    remindersAccountArea(reminders),
    automationAccountArea(automation.rules, automation.scenes),
  ];
  return {
    auth,
    modelRouting,
    clients,
    admin: { ...admin, system },
    sessions,
    messages,
    chatEngine,
    chat,
    knowledge,
    memory,
    voice,
    webhooks,
    jobs,
    notifications,
    reminders,
    automation,
    briefings,
    files,
    images,
    /** Where file content is kept (the readiness check asks it). */
    blobs,
    accountAreas,
  };
}

export type Services = ReturnType<typeof createServices>;
