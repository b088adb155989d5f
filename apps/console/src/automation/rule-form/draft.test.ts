import type { AutomationRule } from '@cyrene/sdk';
import { describe, expect, it } from 'vitest';
import {
  conditionPath,
  draftFromRule,
  emptyDraft,
  newCondition,
  newStep,
  nextRowId,
  type RuleDraft,
  toRuleBody,
} from './draft';

const ZONE = 'Asia/Shanghai';

const saved: AutomationRule = {
  id: 'rule_1',
  user_id: 'user_alice',
  name: '早安',
  description: '每个工作日早上',
  trigger_type: 'schedule',
  trigger_config: { cron: '0 8 * * 1-5', timezone: 'Europe/Berlin' },
  conditions: { weekdays: [1, 3, 5], time_after: '07:00', event_fields: { room: 'kitchen', who: 'me' } },
  actions: {
    steps: [
      { type: 'notify', title: '早安', body: '起床了', level: 'info', continue_on_error: false },
      { type: 'reminder', title: '喝水', in_minutes: 30, continue_on_error: true },
    ],
    mode: 'queued',
    max: 3,
  },
  enabled: false,
  created_at: '2026-01-01T00:00:00.000Z',
};

describe('a new rule', () => {
  it('is manual with one notify step, and sends {} as its trigger config', () => {
    expect(toRuleBody({ ...emptyDraft(ZONE), name: '提醒' })).toEqual({
      name: '提醒',
      description: '',
      enabled: true,
      trigger_type: 'manual',
      trigger_config: {},
      conditions: {},
      actions: {
        steps: [{ type: 'notify', title: '', body: '', level: 'info', continue_on_error: false }],
        mode: 'single',
        max: undefined,
      },
    });
  });

  it('schedules in the given time zone by default', () => {
    const draft: RuleDraft = { ...emptyDraft(ZONE), triggerType: 'schedule' };
    expect(toRuleBody(draft).trigger_config).toEqual({ cron: '0 8 * * *', timezone: ZONE });
  });
});

describe('a saved rule', () => {
  it('comes back as the same body after a round trip through the form', () => {
    const body = toRuleBody(draftFromRule(saved, ZONE));
    expect(body).toEqual({
      name: saved.name,
      description: saved.description,
      enabled: false,
      trigger_type: 'schedule',
      trigger_config: saved.trigger_config,
      conditions: saved.conditions,
      actions: saved.actions,
    });
  });

  it('keeps every trigger’s fields, so switching the trigger type back and forth loses nothing', () => {
    const draft = draftFromRule(saved, ZONE);
    const asTime = toRuleBody({
      ...draft,
      triggerType: 'time',
      triggers: { ...draft.triggers, time: { at: 'x' } },
    });
    expect(asTime.trigger_config).toEqual({ at: 'x' });
    expect(toRuleBody({ ...draft, triggerType: 'schedule' }).trigger_config).toEqual(saved.trigger_config);
  });

  it('gives each condition its own row (one per event field) with distinct ids', () => {
    const rows = draftFromRule(saved, ZONE).conditions;
    expect(rows.map((row) => row.kind)).toEqual(['time_after', 'weekdays', 'event_fields', 'event_fields']);
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    expect(rows.map(conditionPath)).toEqual([
      'conditions.time_after',
      'conditions.weekdays',
      'conditions.event_fields.room',
      'conditions.event_fields.who',
    ]);
  });
});

describe('trigger configs as the gateway wants them', () => {
  const withTrigger = (triggerType: RuleDraft['triggerType'], triggers: Partial<RuleDraft['triggers']>) => {
    const draft = emptyDraft(ZONE);
    return toRuleBody({ ...draft, triggerType, triggers: { ...draft.triggers, ...triggers } }).trigger_config;
  };

  it('a webhook without a key sends none (the gateway makes one); with one, sends it', () => {
    expect(withTrigger('webhook', { webhook: { key: '' } })).toEqual({});
    expect(withTrigger('webhook', { webhook: { key: 'abc' } })).toEqual({ key: 'abc' });
  });

  it('an empty keyword or time zone is left out', () => {
    expect(withTrigger('event', { event: { event: 'chat_message', keyword: '' } })).toEqual({
      event: 'chat_message',
      keyword: undefined,
    });
    expect(withTrigger('schedule', { schedule: { cron: '* * * * *', timezone: '' } })).toEqual({
      cron: '* * * * *',
      timezone: undefined,
    });
  });
});

describe('rows', () => {
  it('a new row’s id is one past the largest, so keys stay unique after removals', () => {
    expect(nextRowId([])).toBe(1);
    expect(nextRowId([{ id: 4 }, { id: 2 }])).toBe(5);
  });

  it('new conditions start from sensible values; weekdays are sent sorted', () => {
    expect(newCondition('timezone', 1, ZONE)).toEqual({ id: 1, kind: 'timezone', timezone: ZONE });
    expect(newCondition('weekdays', 2, ZONE)).toEqual({ id: 2, kind: 'weekdays', days: [1, 2, 3, 4, 5] });
    const draft: RuleDraft = {
      ...emptyDraft(ZONE),
      conditions: [{ id: 1, kind: 'weekdays', days: [5, 1, 3] }],
    };
    expect(toRuleBody(draft).conditions).toEqual({ weekdays: [1, 3, 5] });
  });

  it('a new step of each kind has the contract’s defaults', () => {
    expect(newStep('http', 3)).toEqual({
      id: 3,
      step: {
        type: 'http',
        url: '',
        method: 'POST',
        timeout_ms: 10000,
        retries: 0,
        continue_on_error: false,
      },
    });
  });
});
