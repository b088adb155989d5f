import type {
  Briefing,
  BriefingSettings,
  GenerateBriefingBody,
  GetBriefingQuery,
  GetBriefingResponse,
  GetBriefingSettingsQuery,
  ListLatestBriefingsQuery,
  UpdateBriefingSettingsBody,
} from '@cyrene/contracts';
import { z } from 'zod';
import type { Clock } from '../clock/clock';
import { newPrefixedId } from '../db/ids';
import { ApiError } from '../http/api-error';
import type { Principal } from '../http/principal';
import type { JobRunner } from '../jobs/runner';
import type { JobKind, JobSpec } from '../jobs/types';
import type { Logger } from '../logging/logger';
import type { NotificationsService } from '../notifications/service';
import type { UserDirectory } from '../notifications/users';
import type { RemindersService } from '../reminders/service';
import { dateIn, dayBounds, nextDailyTime } from './calendar';
import { toBriefing, toSettings } from './mapper';
import type { BriefingsRepository } from './repository';
import type { BriefingSources } from './sources';
import { type BriefingSummarizer, fallbackSummary } from './summary';

export const DAILY_JOB = 'briefing.daily';
export const SWEEP_JOB = 'briefing.sweep';
const DailyPayload = z.object({ user_id: z.string(), time: z.string(), timezone: z.string() });
type DailyPayload = z.infer<typeof DailyPayload>;
const SweepPayload = z.object({});

const HOUR = 60 * 60_000;
const newBriefingId = () => newPrefixedId('brief', 16);

function dailyJob(settings: BriefingSettings, now: Date): JobSpec<DailyPayload> {
  return {
    kind: DAILY_JOB,
    key: `briefing:${settings.user_id}`,
    runAt: nextDailyTime(settings.time, settings.timezone, now),
    payload: { user_id: settings.user_id, time: settings.time, timezone: settings.timezone },
    misfire: 'once',
  };
}

/** §13: daily briefings — reminders, weather, news and a summary — generated on a schedule or on demand. */
export class BriefingsService {
  constructor(
    private readonly repo: BriefingsRepository,
    private readonly jobs: JobRunner,
    private readonly notifications: NotificationsService,
    private readonly reminders: Pick<RemindersService, 'dueBetween'>,
    private readonly users: UserDirectory,
    private readonly sources: BriefingSources,
    private readonly summarizer: BriefingSummarizer,
    private readonly location: string,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** The hourly sweep that gives everyone on default settings their daily job. */
  sweepJob(): JobSpec<Record<string, never>> {
    return { kind: SWEEP_JOB, key: 'briefings:sweep', runAt: this.clock.now(), payload: {}, misfire: 'once' };
  }

  jobKinds(): [JobKind<DailyPayload>, JobKind<Record<string, never>>] {
    return [
      {
        kind: DAILY_JOB,
        payload: DailyPayload,
        next: (p, after) => nextDailyTime(p.time, p.timezone, after),
        handle: async (occ) => {
          const settings = toSettings(occ.payload.user_id, await this.repo.settings(occ.payload.user_id));
          if (!settings.enabled) return { next: null };
          const date = dateIn(occ.scheduledAt, settings.timezone);
          const existing = await this.repo.find(settings.user_id, date);
          if (existing?.status !== 'delivered') {
            await this.produce(settings.user_id, date, settings.timezone, occ.idempotencyKey);
          }
          // Settings changed under the job: follow them.
          return { next: nextDailyTime(settings.time, settings.timezone, this.clock.now()) };
        },
      },
      {
        kind: SWEEP_JOB,
        payload: SweepPayload,
        next: (_p, after) => new Date((Math.floor(after.getTime() / HOUR) + 1) * HOUR),
        handle: async () => {
          const now = this.clock.now();
          const ids = await this.repo.usersWithDefaults();
          await this.jobs.ensure(ids.map((userId) => dailyJob(toSettings(userId, undefined), now)));
          return undefined;
        },
      },
    ];
  }

  async get(principal: Principal, query: GetBriefingQuery): Promise<GetBriefingResponse> {
    const userId = this.target(principal, query.user_id);
    const date = query.date ?? dateIn(this.clock.now(), (await this.settingsOf(userId)).timezone);
    const row = await this.repo.find(userId, date);
    return row ? { briefing: toBriefing(row) } : { briefing: null, message: '当日简报尚未生成' };
  }

  async latest(principal: Principal, query: ListLatestBriefingsQuery): Promise<Briefing[]> {
    return (await this.repo.latest(this.target(principal, query.user_id), query.limit)).map(toBriefing);
  }

  /** Today's briefing (in the user's zone), generated now and pushed; replaces one made earlier today. */
  async generate(principal: Principal, body: GenerateBriefingBody): Promise<Briefing> {
    if (!principal.isAdmin && body.user_id !== principal.userId) {
      throw new ApiError('forbidden', '无权为其他用户生成简报');
    }
    if (!(await this.users.exists(body.user_id))) throw new ApiError('not_found', '用户不存在');
    const { timezone } = await this.settingsOf(body.user_id);
    return this.produce(body.user_id, dateIn(this.clock.now(), timezone), timezone);
  }

  async getSettings(principal: Principal, query: GetBriefingSettingsQuery): Promise<BriefingSettings> {
    return this.settingsOf(this.target(principal, query.user_id));
  }

  async updateSettings(principal: Principal, body: UpdateBriefingSettingsBody): Promise<BriefingSettings> {
    const userId = this.target(principal, body.user_id);
    if (userId !== principal.userId && !(await this.users.exists(userId))) {
      throw new ApiError('not_found', '用户不存在');
    }
    const current = await this.settingsOf(userId);
    const now = this.clock.now();
    const saved = toSettings(
      userId,
      await this.repo.saveSettings({
        user_id: userId,
        enabled: body.enabled ?? current.enabled,
        time: body.time ?? current.time,
        timezone: body.timezone ?? current.timezone,
        updated_at: now,
      }),
    );
    if (saved.enabled) await this.jobs.schedule(dailyJob(saved, now));
    else await this.jobs.cancel(`briefing:${userId}`);
    return saved;
  }

  private async settingsOf(userId: string): Promise<BriefingSettings> {
    return toSettings(userId, await this.repo.settings(userId));
  }

  /** `?user_id=` names another user for the administrator only. */
  private target(principal: Principal, userId: string | undefined): string {
    if (userId === undefined || userId === principal.userId) return principal.userId;
    if (!principal.isAdmin) throw new ApiError('forbidden', '无权查看其他用户的简报');
    return userId;
  }

  /** Gathers the parts, writes the summary (or its fallback), stores the briefing and pushes it. */
  private async produce(
    userId: string,
    date: string,
    timezone: string,
    idempotencyKey?: string,
  ): Promise<Briefing> {
    const context = { date, location: this.location, timezone };
    const { start, end } = dayBounds(date, timezone);
    const [weather, news, due] = await Promise.all([
      this.sources.weatherFor(context),
      this.sources.newsFor(context),
      this.reminders.dueBetween(userId, start, end),
    ]);
    const reminders = due.map((r) => ({ id: r.id, title: r.title, remind_at: r.remind_at }));
    const parts = { userId, date, timezone, weather, news, reminders };
    const ai = await this.summarizer.summarize(parts);
    const now = this.clock.now();
    const stored = await this.repo.upsert({
      id: newBriefingId(),
      user_id: userId,
      date,
      summary: ai ?? fallbackSummary(parts),
      summary_source: ai ? 'ai' : 'fallback',
      status: 'generated',
      weather,
      news,
      reminders,
      created_at: now,
      generated_at: now,
      delivered_at: null,
    });
    await this.notifications.send({
      userId,
      type: 'info',
      title: `每日简报 ${date}`,
      body: stored.summary,
      data: { briefing_id: stored.id, date },
      idempotencyKey,
    });
    this.log.info({ userId, date, source: stored.summary_source }, 'briefing generated and pushed');
    return toBriefing(await this.repo.markDelivered(stored.id, this.clock.now()));
  }
}
