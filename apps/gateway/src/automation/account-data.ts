import { RULE_TRIGGER_TYPES } from '@cyrene/contracts';
import { z } from 'zod';
import { ArchivedTimestamp, type AreaStore, accountArea } from '../db/archive';

/**
 * §10's part of a user's account archive: their rules (as stored: trigger, conditions and actions
 * are checked by the rules service on import) and scenes. Run history stays behind.
 */
export const AutomationAccountDataSchema = z
  .object({
    rules: z.array(
      z.object({
        id: z.string().min(1),
        name: z.string(),
        description: z.string(),
        trigger_type: z.enum(RULE_TRIGGER_TYPES),
        trigger_config: z.record(z.unknown()),
        conditions: z.record(z.unknown()),
        actions: z.record(z.unknown()),
        enabled: z.boolean(),
        created_at: ArchivedTimestamp,
        updated_at: ArchivedTimestamp,
      }),
    ),
    scenes: z.array(
      z.object({
        id: z.string().min(1),
        name: z.string(),
        icon: z.string(),
        rule_ids: z.array(z.string()),
        created_at: ArchivedTimestamp,
        updated_at: ArchivedTimestamp,
      }),
    ),
  })
  .superRefine((data, ctx) => {
    const rules = new Set(data.rules.map((r) => r.id));
    if (rules.size !== data.rules.length)
      ctx.addIssue({ code: 'custom', path: ['rules'], message: 'duplicate rule id' });
    if (new Set(data.scenes.map((s) => s.id)).size !== data.scenes.length) {
      ctx.addIssue({ code: 'custom', path: ['scenes'], message: 'duplicate scene id' });
    }
    // A scene may only name rules of the same archive (as it may only name its owner's rules).
    data.scenes.forEach((scene, i) => {
      const stray = scene.rule_ids.findIndex((id) => !rules.has(id));
      if (stray >= 0)
        ctx.addIssue({
          code: 'custom',
          path: ['scenes', i, 'rule_ids', stray],
          message: 'not a rule of this archive',
        });
    });
  });

export type AutomationAccountData = z.input<typeof AutomationAccountDataSchema>;
export type AutomationAccountImport = z.output<typeof AutomationAccountDataSchema>;

type Rules = AreaStore<AutomationAccountData['rules'], AutomationAccountImport['rules']>;
type Scenes = AreaStore<AutomationAccountData['scenes'], AutomationAccountImport['scenes']>;

/** This domain's area of the account archive (services.ts registers it): rules before scenes. */
export const automationAccountArea = (rules: Rules, scenes: Scenes) =>
  accountArea({
    name: 'automation',
    schema: AutomationAccountDataSchema,
    store: {
      exportFor: async (userId) => ({
        rules: await rules.exportFor(userId),
        scenes: await scenes.exportFor(userId),
      }),
      importFor: async (userId, data, tx, content) => {
        await rules.importFor(userId, data.rules, tx, content);
        await scenes.importFor(userId, data.scenes, tx, content);
      },
    },
  });
