import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { KnowledgeService } from '../service';

export const deleteKnowledgeBase = (knowledge: KnowledgeService) =>
  s.route(contract.knowledge.deleteKnowledgeBase, async ({ req, params }) => {
    await knowledge.deleteBase(principalOf(req), params.id);
    return { status: 200, body: { status: 'deleted' } };
  });
