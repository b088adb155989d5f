import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { KnowledgeService } from '../service';

export const getKnowledgeBase = (knowledge: KnowledgeService) =>
  s.route(contract.knowledge.getKnowledgeBase, async ({ req, params }) => ({
    status: 200,
    body: await knowledge.getBase(principalOf(req), params.id),
  }));
