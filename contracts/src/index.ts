import { adminContract } from './admin';
import { authContract } from './auth';
import { automationContract } from './automation';
import { briefingsContract } from './briefings';
import { c } from './common/contract';
import { commonErrorResponses } from './common/errors';
import { filesContract } from './files';
import { healthContract } from './health';
import { imagesContract } from './images';
import { knowledgeContract } from './knowledge';
import { memoryContract } from './memory';
import { messagesContract } from './messages';
import { notificationsContract } from './notifications';
import { remindersContract } from './reminders';
import { sessionsContract } from './sessions';
import { voiceContract } from './voice';
import { webhooksContract } from './webhooks';

export const API_PREFIX = '/api/v1';

/**
 * The whole REST API of the gateway, one key per area of the spec.
 * Every route answers the shared error body on 400/401/403/404/413/429/500, and may
 * answer only the statuses it declares.
 */
const domains = {
  auth: authContract,
  sessions: sessionsContract,
  messages: messagesContract,
  voice: voiceContract,
  files: filesContract,
  images: imagesContract,
  knowledge: knowledgeContract,
  memory: memoryContract,
  automation: automationContract,
  notifications: notificationsContract,
  reminders: remindersContract,
  briefings: briefingsContract,
  webhooks: webhooksContract,
  admin: adminContract,
  health: healthContract,
};
const rootOptions = {
  pathPrefix: API_PREFIX,
  commonResponses: commonErrorResponses,
  strictStatusCodes: true,
} as const;

/*
 * Named, not inferred: the expanded type of the whole contract is longer than TypeScript
 * will write into a declaration file (TS7056), and the published SDK ships one.
 */
type RootContract = ReturnType<typeof c.router<typeof domains, typeof API_PREFIX, typeof rootOptions>>;

export const contract: RootContract = c.router(domains, rootOptions);
export type Contract = typeof contract;

export * from './admin';
export * from './auth';
export * from './automation';
export * from './briefings';
export * from './common';
export * from './files';
export * from './health';
export * from './images';
export * from './knowledge';
export * from './memory';
export * from './messages';
export * from './notifications';
export * from './reminders';
export * from './sessions';
export * from './voice';
export * from './webhooks';
export * from './ws';
