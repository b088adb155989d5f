import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { Reindexer } from '../reindex';

export const reindexKnowledgeBase = (reindexer: Reindexer) =>
  s.route(contract.knowledge.reindexKnowledgeBase, async ({ req, params }) => ({
    status: 202,
    body: await reindexer.start(principalOf(req), params.id),
  }));
