import type { BriefingNewsItem, BriefingWeather } from '@cyrene/contracts';
import type { ChatEngine } from '../chat-engine/engine';
import type { Logger } from '../logging/logger';
import type { ModelRouting, ResolvedModel } from '../upstreams/model-routing';
import { completeChat } from '../upstreams/openai-compatible';
import { clockIn } from './calendar';

/** What a briefing's summary is written from. */
export interface BriefingParts {
  userId: string;
  date: string;
  timezone: string;
  weather: BriefingWeather | null;
  news: BriefingNewsItem[];
  reminders: Array<{ title: string; remind_at: string }>;
}

const INSTRUCTION =
  '你是用户的私人助理。根据下面给出的信息,用中文写一段不超过 150 字的今日简报摘要。只使用给出的信息,没有的信息不要编造,也不要提及缺少的部分。';
const SUMMARY_TIMEOUT_MS = 60_000;
const MAX_ANSWER_BYTES = 1024 * 1024;

function reminderLines(parts: BriefingParts): string[] {
  return parts.reminders.map((r) => `${clockIn(new Date(r.remind_at), parts.timezone)} ${r.title}`);
}

/** A readable summary built from the parts alone, when no model answers. */
export function fallbackSummary(parts: BriefingParts): string {
  const lines = [`${parts.date} 每日简报`];
  const w = parts.weather;
  lines.push(
    w
      ? `天气: ${w.location} ${w.condition} ${w.temp}°C ${w.icon}`.replace(/\s+/g, ' ').trim()
      : '天气: 暂无天气信息',
  );
  const reminders = reminderLines(parts);
  lines.push(
    reminders.length > 0 ? `今日提醒 ${reminders.length} 条: ${reminders.join('; ')}` : '今日没有提醒',
  );
  if (parts.news.length > 0) lines.push(`新闻: ${parts.news.map((n) => n.title).join('; ')}`);
  return lines.join('\n');
}

function facts(parts: BriefingParts): string {
  return JSON.stringify({
    date: parts.date,
    weather: parts.weather,
    reminders: reminderLines(parts),
    news: parts.news.map((n) => ({ title: n.title, summary: n.summary })),
  });
}

/**
 * The summary: from the admin's `briefing` routing rule when there is one (its models in order),
 * else from the chat engine; undefined when nothing answered (the caller falls back).
 */
export class BriefingSummarizer {
  constructor(
    private readonly routing: ModelRouting,
    private readonly engine: ChatEngine,
    private readonly log: Logger,
  ) {}

  async summarize(parts: BriefingParts): Promise<string | undefined> {
    const route = await this.routing.resolve('briefing').catch(() => undefined);
    for (const model of route?.chain ?? []) {
      try {
        return await this.complete(model, parts);
      } catch (e) {
        this.log.warn({ err: e, model: model.modelId }, 'briefing: a routed model failed');
      }
    }
    if (route?.required) return undefined;
    return this.fromEngine(parts);
  }

  /** One routed model's summary; throws when it failed or said nothing. */
  private complete(model: ResolvedModel, parts: BriefingParts): Promise<string> {
    return completeChat(
      model,
      [
        { role: 'system', content: INSTRUCTION },
        { role: 'user', content: facts(parts) },
      ],
      { timeoutMs: SUMMARY_TIMEOUT_MS, maxBytes: MAX_ANSWER_BYTES },
    );
  }

  private async fromEngine(parts: BriefingParts): Promise<string | undefined> {
    try {
      let text = '';
      for await (const delta of this.engine.stream({
        userId: parts.userId,
        sessionId: `briefing_${parts.date}`,
        message: `${INSTRUCTION}\n\n${facts(parts)}`,
        mode: 'text',
        history: [],
        signal: AbortSignal.timeout(SUMMARY_TIMEOUT_MS),
        door: 'briefing',
      })) {
        if (delta.type === 'delta') text += delta.text;
      }
      return text.trim() || undefined;
    } catch (e) {
      this.log.info({ err: e }, 'briefing: no model answered; the summary falls back');
      return undefined;
    }
  }
}
