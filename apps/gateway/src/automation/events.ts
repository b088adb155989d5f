import type { AutomationEventType } from '@cyrene/contracts';
import type { Logger } from '../logging/logger';
import type { EventCause } from '../notifications/service';
import type { RunEngine } from './engine';
import type { AutomationRepository } from './repository';

/** Something that happened to a user, which their `event` rules may react to. */
export interface AutomationEvent {
  userId: string;
  type: AutomationEventType;
  /** What conditions.event_fields compare against. */
  fields: Record<string, string>;
  /** What a trigger's keyword is looked for in (case-insensitive). */
  text: string;
  /** Loop breaker: the run that caused the event and its depth (0 from outside). */
  cause: EventCause;
}

/**
 * Dispatches events to the owner's enabled event rules. Events are raised after the change
 * that caused them is committed; each matching rule gets a run request (durable from there).
 */
export class AutomationEvents {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly repo: AutomationRepository,
    private readonly engine: RunEngine,
    private readonly log: Logger,
  ) {}

  emit(event: AutomationEvent): void {
    const work: Promise<void> = this.dispatch(event)
      .catch((e: unknown) =>
        this.log.error({ err: e, event: event.type }, 'automation: an event was not dispatched'),
      )
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  /** A message sent in a session as the user (by a person: depth 0; by a chat action: its run, one deeper). */
  chatMessage(userId: string, sessionId: string, text: string, cause: EventCause = { depth: 0 }): void {
    this.emit({
      userId,
      type: 'chat_message',
      fields: { session_id: sessionId, role: 'user', text },
      text,
      cause,
    });
  }

  /** Resolves once every event raised so far has been dispatched (tests, shutdown); true when any was pending. */
  async settle(): Promise<boolean> {
    const any = this.pending.size > 0;
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    return any;
  }

  private async dispatch(event: AutomationEvent): Promise<void> {
    const rules = await this.repo.eventRules(event.userId, event.type);
    const text = event.text.toLowerCase();
    for (const rule of rules) {
      const keyword = rule.trigger_config.keyword;
      if (typeof keyword === 'string' && !text.includes(keyword.toLowerCase())) continue;
      await this.engine.admit({
        ruleId: rule.id,
        trigger: 'event',
        event: { type: event.type, fields: event.fields },
        depth: event.cause.depth,
        parentRunId: event.cause.runId,
      });
    }
  }
}
