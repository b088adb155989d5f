import type {
  AutomationEventType,
  RuleActionType,
  RuleRun,
  RuleRunMode,
  RuleRunStatus,
  RuleTriggerType,
} from '@cyrene/sdk';
import type { Locale } from '../i18n/locale';
import type { ConditionKind } from './rule-form/draft';

/*
 * Names of the contract's kinds in both languages. Each map is keyed by the contract's own type,
 * so a kind added there does not compile until it has a name here.
 */
type Labels<K extends string> = Record<K, Record<Locale, string>>;

export const TRIGGER_LABELS: Labels<RuleTriggerType> = {
  manual: { zh: '手动', en: 'Manual' },
  schedule: { zh: '定时 (cron)', en: 'Schedule (cron)' },
  time: { zh: '指定时间一次', en: 'Once at a time' },
  webhook: { zh: 'Webhook', en: 'Webhook' },
  event: { zh: '事件', en: 'Event' },
};

/** What started a run: a trigger type, or a scene. */
export const RUN_TRIGGER_LABELS: Labels<RuleRun['trigger']> = {
  ...TRIGGER_LABELS,
  scene: { zh: '场景', en: 'Scene' },
};

export const ACTION_LABELS: Labels<RuleActionType> = {
  notify: { zh: '发送通知', en: 'Send a notification' },
  chat: { zh: '发送聊天消息', en: 'Send a chat message' },
  http: { zh: 'HTTP 请求', en: 'HTTP request' },
  scene: { zh: '执行场景', en: 'Execute a scene' },
  reminder: { zh: '创建提醒', en: 'Create a reminder' },
};

export const CONDITION_LABELS: Labels<ConditionKind> = {
  time_after: { zh: '不早于某时刻', en: 'Not before a time of day' },
  time_before: { zh: '早于某时刻', en: 'Before a time of day' },
  weekdays: { zh: '星期几', en: 'Days of the week' },
  timezone: { zh: '条件所用时区', en: 'Time zone of the conditions' },
  event_fields: { zh: '事件字段等于', en: 'Event field equals' },
};

export const EVENT_LABELS: Labels<AutomationEventType> = {
  notification: { zh: '收到通知', en: 'A notification arrives' },
  reminder_fired: { zh: '提醒到时', en: 'A reminder fires' },
  chat_message: { zh: '聊天消息', en: 'A chat message' },
};

export const RUN_MODE_LABELS: Labels<RuleRunMode> = {
  single: { zh: '拒绝新的运行 (single)', en: 'Refuse the new run (single)' },
  restart: { zh: '停止当前并重新开始 (restart)', en: 'Stop it and start over (restart)' },
  queued: { zh: '排队等待 (queued)', en: 'Queue after it (queued)' },
  parallel: { zh: '同时运行 (parallel)', en: 'Run alongside (parallel)' },
};

export const RUN_STATUS_LABELS: Labels<RuleRunStatus> = {
  queued: { zh: '排队中', en: 'Queued' },
  running: { zh: '运行中', en: 'Running' },
  succeeded: { zh: '成功', en: 'Succeeded' },
  failed: { zh: '失败', en: 'Failed' },
  refused: { zh: '被拒绝', en: 'Refused' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const STEP_STATUS_LABELS: Labels<RuleRun['actions'][number]['status']> = {
  ok: { zh: '成功', en: 'OK' },
  failed: { zh: '失败', en: 'Failed' },
  skipped: { zh: '跳过', en: 'Skipped' },
};

/** Sunday first, as the contract counts (0 = Sunday). */
export const WEEKDAY_LABELS: Record<Locale, readonly string[]> = {
  zh: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};
