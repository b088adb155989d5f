import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { KnowledgeSearch } from '../search';

export const searchKnowledge = (search: KnowledgeSearch) =>
  s.route(contract.knowledge.searchKnowledge, async ({ req, body }) => ({
    status: 200,
    body: await search.search(principalOf(req), body),
  }));
