import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { KnowledgeService } from '../service';

export const listKnowledgeDocuments = (knowledge: KnowledgeService) =>
  s.route(contract.knowledge.listKnowledgeDocuments, async ({ req, params }) => ({
    status: 200,
    body: await knowledge.listDocuments(principalOf(req), params.id),
  }));
