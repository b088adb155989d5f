import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { KnowledgeService } from '../service';

export const addKnowledgeDocument = (knowledge: KnowledgeService) =>
  s.route(contract.knowledge.addKnowledgeDocument, async ({ req, params, body }) => ({
    status: 201,
    body: await knowledge.addDocument(principalOf(req), params.id, body),
  }));
