import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { KnowledgeService } from '../service';

export const deleteKnowledgeDocument = (knowledge: KnowledgeService) =>
  s.route(contract.knowledge.deleteKnowledgeDocument, async ({ req, params }) => {
    await knowledge.deleteDocument(principalOf(req), params.id);
    return { status: 200, body: { status: 'deleted' } };
  });
