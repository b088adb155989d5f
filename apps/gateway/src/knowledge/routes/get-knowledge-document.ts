import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { KnowledgeService } from '../service';

export const getKnowledgeDocument = (knowledge: KnowledgeService) =>
  s.route(contract.knowledge.getKnowledgeDocument, async ({ req, params }) => ({
    status: 200,
    body: await knowledge.getDocument(principalOf(req), params.id),
  }));
