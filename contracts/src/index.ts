import { accountContract } from './account';
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

/*
 * The contract's type is spelled out rather than inferred: the inferred one is longer than
 * TypeScript will write into a declaration file (TS7056), and the published SDK ships one.
 * Naming each domain by `typeof` keeps that file small; the annotation on `domains` below
 * makes a key missing from either list a compile error.
 */
export type ContractDomains = {
  auth: typeof authContract;
  sessions: typeof sessionsContract;
  messages: typeof messagesContract;
  voice: typeof voiceContract;
  files: typeof filesContract;
  images: typeof imagesContract;
  knowledge: typeof knowledgeContract;
  memory: typeof memoryContract;
  automation: typeof automationContract;
  notifications: typeof notificationsContract;
  reminders: typeof remindersContract;
  briefings: typeof briefingsContract;
  webhooks: typeof webhooksContract;
  admin: typeof adminContract;
  health: typeof healthContract;
  account: typeof accountContract;
};
const domains: ContractDomains = {
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
  account: accountContract,
};
const rootOptions = {
  pathPrefix: API_PREFIX,
  commonResponses: commonErrorResponses,
  strictStatusCodes: true,
} as const;
/** Exported so the SDK's declaration bundler keeps it: it cannot see into `c.router<…>`. */
export type ContractOptions = typeof rootOptions;

/**
 * The whole REST API of the gateway, one key per area of the spec.
 * Every route answers the shared error body on 400/401/403/404/413/415/429/500, and may
 * answer only the statuses it declares.
 */
export const contract: ReturnType<typeof c.router<ContractDomains, typeof API_PREFIX, ContractOptions>> =
  c.router(domains, rootOptions);
export type Contract = typeof contract;

export * from './account';
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
