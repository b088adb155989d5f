import type { BriefingNewsItem, BriefingWeather } from '@cyrene/contracts';
import { z } from 'zod';
import type { Logger } from '../logging/logger';
import { guardedFetch } from '../upstreams/guarded-fetch';
import { completeChat } from '../upstreams/openai-compatible';

/**
 * The weather and news of a briefing, from sources an operator configures: a URL answering JSON
 * to a GET, or (with a model) an OpenAI-compatible server asked for JSON. With no source, or a
 * source that fails, that part is empty: nothing is made up here.
 */

export interface SourceSettings {
  url?: string;
  /** Set: `url` is an OpenAI-compatible base URL and this model is asked. */
  model?: string;
  apiKey?: string;
}

export interface SourceContext {
  date: string;
  location: string;
  timezone: string;
}

const TIMEOUT_MS = 15_000;
const MAX_ANSWER_BYTES = 1024 * 1024;
const MAX_NEWS = 5;

const text = z.union([z.string(), z.number()]).transform(String);
const WeatherSchema = z
  .object({
    location: text.optional(),
    city: text.optional(),
    name: text.optional(),
    temp: z.coerce.number().optional(),
    temperature: z.coerce.number().optional(),
    temp_c: z.coerce.number().optional(),
    condition: z.union([text, z.object({ text: text })]).optional(),
    description: text.optional(),
    icon: text.optional(),
  })
  .passthrough();
const NewsItemSchema = z
  .object({
    title: text,
    url: text.optional(),
    link: text.optional(),
    source: z.union([text, z.object({ name: text })]).optional(),
    summary: text.optional(),
    description: text.optional(),
  })
  .passthrough();

/** An emoji for a condition when the source gives none. */
function iconFor(condition: string): string {
  const c = condition.toLowerCase();
  if (/雷|thunder|storm/.test(c)) return '⛈️';
  if (/雪|snow/.test(c)) return '❄️';
  if (/雨|rain|shower|drizzle/.test(c)) return '🌧️';
  if (/雾|霾|fog|mist|haze/.test(c)) return '🌫️';
  if (/阴|多云|云|cloud|overcast/.test(c)) return '☁️';
  if (/晴|sun|clear/.test(c)) return '☀️';
  return '🌡️';
}

/** Reads a weather object in our shape or a few common ones; undefined when it has no temperature. */
export function toWeather(raw: unknown, fallbackLocation: string): BriefingWeather | undefined {
  const unwrapped = (raw as { weather?: unknown } | null)?.weather ?? raw;
  const parsed = WeatherSchema.safeParse(unwrapped);
  if (!parsed.success) return undefined;
  const w = parsed.data;
  const temp = w.temp ?? w.temperature ?? w.temp_c;
  if (temp === undefined || Number.isNaN(temp)) return undefined;
  const condition = (typeof w.condition === 'object' ? w.condition.text : w.condition) ?? w.description ?? '';
  return {
    location: w.location ?? w.city ?? w.name ?? fallbackLocation,
    temp,
    condition,
    icon: w.icon && !/^https?:/.test(w.icon) ? w.icon : iconFor(condition),
  };
}

/** Reads a list of news in our shape or a few common ones (`news`, `articles`, `items`). */
export function toNews(raw: unknown): BriefingNewsItem[] {
  const wrapper = raw as { news?: unknown; articles?: unknown; items?: unknown } | null;
  const list = Array.isArray(raw) ? raw : (wrapper?.news ?? wrapper?.articles ?? wrapper?.items);
  if (!Array.isArray(list)) return [];
  const items: BriefingNewsItem[] = [];
  for (const entry of list) {
    const parsed = NewsItemSchema.safeParse(entry);
    if (!parsed.success) continue;
    const n = parsed.data;
    items.push({
      title: n.title,
      url: n.url ?? n.link ?? '',
      source: (typeof n.source === 'object' ? n.source.name : n.source) ?? '',
      summary: n.summary ?? n.description ?? '',
    });
    if (items.length === MAX_NEWS) break;
  }
  return items;
}

function fill(template: string, ctx: SourceContext): string {
  return template
    .replaceAll('{date}', encodeURIComponent(ctx.date))
    .replaceAll('{location}', encodeURIComponent(ctx.location))
    .replaceAll('{timezone}', encodeURIComponent(ctx.timezone));
}

/** The JSON inside a model's answer (which may wrap it in a ``` fence). */
function jsonIn(answer: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(answer);
  return JSON.parse((fenced?.[1] ?? answer).trim());
}

export class BriefingSources {
  constructor(
    private readonly weather: SourceSettings,
    private readonly news: SourceSettings,
    private readonly log: Logger,
  ) {}

  async weatherFor(ctx: SourceContext): Promise<BriefingWeather | null> {
    const raw = await this.read(
      this.weather,
      ctx,
      `只用 JSON 回答: {"location": string, "temp": number (摄氏度), "condition": string, "icon": 一个 emoji}。不知道就回答 {}。`,
      `${ctx.date} ${ctx.location} 的天气`,
      'weather',
    );
    return raw === undefined ? null : (toWeather(raw, ctx.location) ?? null);
  }

  async newsFor(ctx: SourceContext): Promise<BriefingNewsItem[]> {
    const raw = await this.read(
      this.news,
      ctx,
      `只用 JSON 回答: {"news": [{"title": string, "url": string, "source": string, "summary": string}]},最多 ${MAX_NEWS} 条。不知道就回答 {"news": []}。`,
      `${ctx.date} 的重要新闻`,
      'news',
    );
    return raw === undefined ? [] : toNews(raw);
  }

  /** The source's JSON, or undefined when none is configured or it failed (logged). */
  private async read(
    source: SourceSettings,
    ctx: SourceContext,
    instruction: string,
    question: string,
    what: string,
  ): Promise<unknown> {
    if (!source.url) return undefined;
    try {
      const auth: Record<string, string> = source.apiKey ? { authorization: `Bearer ${source.apiKey}` } : {};
      if (!source.model) {
        const res = await guardedFetch(fill(source.url, ctx), {
          headers: { accept: 'application/json', ...auth },
          timeoutMs: TIMEOUT_MS,
          allowPrivate: true, // the operator's own configuration
        });
        if (res.status >= 400) throw new Error(`HTTP ${res.status}`);
        return JSON.parse(res.text());
      }
      const answer = await completeChat(
        {
          provider: { name: what, baseUrl: source.url, apiKey: source.apiKey },
          modelName: source.model,
          params: {},
        },
        [
          { role: 'system', content: instruction },
          { role: 'user', content: question },
        ],
        { timeoutMs: TIMEOUT_MS, maxBytes: MAX_ANSWER_BYTES },
      );
      return jsonIn(answer);
    } catch (e) {
      this.log.warn({ err: e, source: what }, 'briefing: a source failed; that part stays empty');
      return undefined;
    }
  }
}
