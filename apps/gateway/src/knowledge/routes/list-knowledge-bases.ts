import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { KnowledgeService } from '../service';

export const listKnowledgeBases = (knowledge: KnowledgeService) =>
  s.route(contract.knowledge.listKnowledgeBases, async ({ req }) => ({
    status: 200,
    body: await knowledge.listBases(principalOf(req)),
  }));
