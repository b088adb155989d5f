import type { CreateSceneBody, Scene, UpdateSceneBody } from '@cyrene/contracts';
import type { Transaction, Updateable } from 'kysely';
import type { Clock } from '../clock/clock';
import { archivedTime } from '../db/archive';
import type { AutomationScenesTable, Database } from '../db/schema';
import { ApiError } from '../http/api-error';
import type { Principal } from '../http/principal';
import type { AutomationAccountData, AutomationAccountImport } from './account-data';
import type { RunEngine } from './engine';
import { newAutomationId } from './ids';
import { toScene } from './mapper';
import type { AutomationRepository } from './repository';

const sceneNotFound = () => new ApiError('not_found', '场景不存在');

/** §10 scenes: named lists of the owner's rules, executed in order. */
export class ScenesService {
  constructor(
    private readonly repo: AutomationRepository,
    private readonly engine: RunEngine,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal): Promise<Scene[]> {
    return (await this.repo.listScenes(principal.userId)).map(toScene);
  }

  async get(principal: Principal, id: string): Promise<Scene> {
    const scene = await this.repo.findScene(principal.userId, id);
    if (!scene) throw sceneNotFound();
    return toScene(scene);
  }

  async create(principal: Principal, body: CreateSceneBody): Promise<Scene> {
    await this.checkRules(principal, body.rule_ids);
    const now = this.clock.now();
    const row = await this.repo.insertScene({
      id: newAutomationId(),
      user_id: principal.userId,
      name: body.name,
      icon: body.icon,
      rule_ids: body.rule_ids,
      created_at: now,
      updated_at: now,
    });
    return toScene(row);
  }

  async update(principal: Principal, id: string, body: UpdateSceneBody): Promise<Scene> {
    const patch: Updateable<AutomationScenesTable> = { updated_at: this.clock.now() };
    if (body.name !== undefined) patch.name = body.name;
    if (body.icon !== undefined) patch.icon = body.icon;
    if (body.rule_ids !== undefined) {
      if (!(await this.repo.findScene(principal.userId, id))) throw sceneNotFound();
      await this.checkRules(principal, body.rule_ids);
      patch.rule_ids = JSON.stringify(body.rule_ids);
    }
    const row = await this.repo.updateScene(principal.userId, id, patch);
    if (!row) throw sceneNotFound();
    return toScene(row);
  }

  async delete(principal: Principal, id: string): Promise<void> {
    if (!(await this.repo.deleteScene(principal.userId, id))) throw sceneNotFound();
  }

  /** Starts a run of each of the scene's rules, in order; conditions skipped, disabled rules included. */
  async execute(principal: Principal, id: string): Promise<void> {
    const scene = await this.repo.findScene(principal.userId, id);
    if (!scene) throw sceneNotFound();
    await this.engine.executeScene(scene.rule_ids, { depth: 0 });
  }

  /* ---------- the account archive (account-export/) ---------- */

  async exportFor(userId: string): Promise<AutomationAccountData['scenes']> {
    const rows = await this.repo.listScenes(userId);
    return rows.reverse().map((r) => ({
      id: r.id,
      name: r.name,
      icon: r.icon,
      rule_ids: r.rule_ids,
      created_at: archivedTime(r.created_at),
      updated_at: archivedTime(r.updated_at),
    }));
  }

  /** Adds archived scenes (after their rules) in the caller's transaction; a scene id in use is 409. */
  async importFor(
    userId: string,
    scenes: AutomationAccountImport['scenes'],
    tx: Transaction<Database>,
  ): Promise<void> {
    for (const scene of scenes) {
      const own = await this.repo.ownRuleIds(userId, scene.rule_ids, tx);
      const unknown = scene.rule_ids.find((id) => !own.has(id));
      if (unknown !== undefined)
        throw new ApiError('validation_failed', '规则不存在', `rule_ids: ${unknown}`);
      if (!(await this.repo.insertArchivedScene({ ...scene, user_id: userId }, tx))) {
        throw new ApiError(
          'conflict',
          `场景 ${scene.id} 已存在`,
          '该场景 ID 已被本网关上的场景使用,无法导入',
        );
      }
    }
  }

  /** Every id must be one of the caller's rules (another user's is as unknown as a made-up one). */
  private async checkRules(principal: Principal, ruleIds: string[]): Promise<void> {
    const own = await this.repo.ownRuleIds(principal.userId, ruleIds);
    const unknown = ruleIds.find((id) => !own.has(id));
    if (unknown !== undefined) throw new ApiError('validation_failed', '规则不存在', `rule_ids: ${unknown}`);
  }
}
