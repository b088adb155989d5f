import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { KnowledgeService } from '../service';

export const createKnowledgeBase = (knowledge: KnowledgeService) =>
  s.route(contract.knowledge.createKnowledgeBase, async ({ req, body }) => ({
    status: 201,
    body: await knowledge.createBase(principalOf(req), body),
  }));
