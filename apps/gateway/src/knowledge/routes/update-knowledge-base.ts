import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { KnowledgeService } from '../service';

export const updateKnowledgeBase = (knowledge: KnowledgeService) =>
  s.route(contract.knowledge.updateKnowledgeBase, async ({ req, params, body }) => {
    await knowledge.updateBase(principalOf(req), params.id, body);
    return { status: 200, body: { status: 'updated' } };
  });
