import { type Kysely, sql, type Updateable } from 'kysely';
import type { Executor } from '../db/executor';
import { ownedBy } from '../db/owner';
import type {
  AutomationRuleRow,
  AutomationRulesTable,
  AutomationRunRow,
  AutomationRunsTable,
  AutomationSceneRow,
  AutomationScenesTable,
  Database,
} from '../db/schema';

/** Runs kept per rule: the latest this many (active ones are never pruned). */
export const RUNS_KEPT = 100;

/**
 * Rules, scenes and runs. Reads and writes of a user's rules and scenes take the owner; the
 * engine's lookups by id (a job's rule, a webhook's rule) say so in their names.
 */
export class AutomationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  /* ---------- rules ---------- */

  insertRule(row: AutomationRuleRow, db: Executor = this.db): Promise<AutomationRuleRow> {
    return db
      .insertInto('automation_rules')
      .values({
        ...row,
        trigger_config: JSON.stringify(row.trigger_config),
        conditions: JSON.stringify(row.conditions),
        actions: JSON.stringify(row.actions),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  listRules(userId: string): Promise<AutomationRuleRow[]> {
    return this.db
      .selectFrom('automation_rules')
      .selectAll()
      .where(ownedBy({ userId }))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  findRule(userId: string, id: string, db: Executor = this.db): Promise<AutomationRuleRow | undefined> {
    return db
      .selectFrom('automation_rules')
      .selectAll()
      .where(ownedBy({ userId }))
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Any owner's rule (jobs and webhooks carry only the id). */
  findRuleById(id: string, db: Executor = this.db): Promise<AutomationRuleRow | undefined> {
    return db.selectFrom('automation_rules').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Locks the rule: admissions of runs of one rule take turns, on every instance. */
  lockRule(id: string, db: Executor): Promise<AutomationRuleRow | undefined> {
    return db.selectFrom('automation_rules').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  /** The caller's rules among `ids` (scenes may only name their owner's rules). */
  async ownRuleIds(userId: string, ids: string[], db: Executor = this.db): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db
      .selectFrom('automation_rules')
      .select('id')
      .where(ownedBy({ userId }))
      .where('id', 'in', ids)
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  updateRule(
    id: string,
    patch: Updateable<AutomationRulesTable>,
    db: Executor = this.db,
  ): Promise<AutomationRuleRow> {
    return db
      .updateTable('automation_rules')
      .set(patch)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Deletes the rule with its runs and takes it out of the owner's scenes. */
  async deleteRule(userId: string, id: string, db: Executor): Promise<boolean> {
    const deleted = await db
      .deleteFrom('automation_rules')
      .where(ownedBy({ userId }))
      .where('id', '=', id)
      .executeTakeFirst();
    if (deleted.numDeletedRows === 0n) return false;
    await db.deleteFrom('automation_runs').where('rule_id', '=', id).execute();
    await db
      .updateTable('automation_scenes')
      .set({ rule_ids: sql`rule_ids - ${id}::text` })
      .where(ownedBy({ userId }))
      .where(sql<boolean>`rule_ids ? ${id}::text`)
      .execute();
    return true;
  }

  /** The owner's enabled event rules listening to `event`. */
  eventRules(userId: string, event: string): Promise<AutomationRuleRow[]> {
    return this.db
      .selectFrom('automation_rules')
      .selectAll()
      .where(ownedBy({ userId }))
      .where('enabled', '=', true)
      .where('trigger_type', '=', 'event')
      .where(sql<string>`trigger_config->>'event'`, '=', event)
      .execute();
  }

  /* ---------- scenes ---------- */

  insertScene(row: AutomationSceneRow, db: Executor = this.db): Promise<AutomationSceneRow> {
    return db
      .insertInto('automation_scenes')
      .values({ ...row, rule_ids: JSON.stringify(row.rule_ids) })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Inserts an archived scene as it was; undefined when its id is taken (by anyone). */
  insertArchivedScene(row: AutomationSceneRow, db: Executor): Promise<AutomationSceneRow | undefined> {
    return db
      .insertInto('automation_scenes')
      .values({ ...row, rule_ids: JSON.stringify(row.rule_ids) })
      .onConflict((oc) => oc.column('id').doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  listScenes(userId: string): Promise<AutomationSceneRow[]> {
    return this.db
      .selectFrom('automation_scenes')
      .selectAll()
      .where(ownedBy({ userId }))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  findScene(userId: string, id: string, db: Executor = this.db): Promise<AutomationSceneRow | undefined> {
    return db
      .selectFrom('automation_scenes')
      .selectAll()
      .where(ownedBy({ userId }))
      .where('id', '=', id)
      .executeTakeFirst();
  }

  updateScene(
    userId: string,
    id: string,
    patch: Updateable<AutomationScenesTable>,
    db: Executor = this.db,
  ): Promise<AutomationSceneRow | undefined> {
    return db
      .updateTable('automation_scenes')
      .set(patch)
      .where(ownedBy({ userId }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async deleteScene(userId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('automation_scenes')
      .where(ownedBy({ userId }))
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /* ---------- runs ---------- */

  insertRun(row: Omit<AutomationRunRow, 'seq'>, db: Executor): Promise<AutomationRunRow> {
    return db
      .insertInto('automation_runs')
      .values({
        ...row,
        event: row.event === null ? null : JSON.stringify(row.event),
        conditions: JSON.stringify(row.conditions),
        actions: JSON.stringify(row.actions),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findRun(id: string, db: Executor = this.db): Promise<AutomationRunRow | undefined> {
    return db.selectFrom('automation_runs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findRunByKey(key: string, db: Executor): Promise<AutomationRunRow | undefined> {
    return db.selectFrom('automation_runs').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  }

  /** Runs of the rule queued or running, oldest first. */
  activeRuns(ruleId: string, db: Executor): Promise<AutomationRunRow[]> {
    return db
      .selectFrom('automation_runs')
      .selectAll()
      .where('rule_id', '=', ruleId)
      .where('status', 'in', ['queued', 'running'])
      .orderBy('seq', 'asc')
      .execute();
  }

  /** Runs of the rule admitted (not refused) since `since`: the loop breaker's rate. */
  async runsSince(ruleId: string, since: Date, db: Executor): Promise<number> {
    const row = await db
      .selectFrom('automation_runs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('rule_id', '=', ruleId)
      .where('started_at', '>', since)
      .where('status', '<>', 'refused')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Changes a run only while it is in one of `from` (a cancelled or finished run stays so). */
  updateRun(
    id: string,
    from: AutomationRunRow['status'][],
    patch: Updateable<AutomationRunsTable>,
    db: Executor = this.db,
  ): Promise<AutomationRunRow | undefined> {
    return db
      .updateTable('automation_runs')
      .set(patch)
      .where('id', '=', id)
      .where('status', 'in', from)
      .returningAll()
      .executeTakeFirst();
  }

  listRuns(ruleId: string, limit: number, offset: number): Promise<AutomationRunRow[]> {
    return this.db
      .selectFrom('automation_runs')
      .selectAll()
      .where('rule_id', '=', ruleId)
      .orderBy('seq', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
  }

  async countRuns(ruleId: string): Promise<number> {
    const row = await this.db
      .selectFrom('automation_runs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('rule_id', '=', ruleId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Keeps the latest RUNS_KEPT runs of the rule (and every active one). */
  async pruneRuns(ruleId: string): Promise<void> {
    await sql`
      delete from automation_runs
      where rule_id = ${ruleId}
        and status not in ('queued', 'running')
        and seq < (
          select seq from automation_runs where rule_id = ${ruleId}
          order by seq desc offset ${RUNS_KEPT - 1} limit 1
        )`.execute(this.db);
  }
}
