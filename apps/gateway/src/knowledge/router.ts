import { contract } from '@cyrene/contracts';
import { principalOf } from '../http/principal';
import { s } from '../http/server';
import type { KnowledgeDomain } from './create';

export function knowledgeRouter({ service, search, reindexer }: KnowledgeDomain) {
  return s.router(contract.knowledge, {
    createKnowledgeBase: async ({ req, body }) => ({
      status: 201,
      body: await service.createBase(principalOf(req), body),
    }),
    listKnowledgeBases: async ({ req }) => ({
      status: 200,
      body: await service.listBases(principalOf(req)),
    }),
    getKnowledgeBase: async ({ req, params }) => ({
      status: 200,
      body: await service.getBase(principalOf(req), params.id),
    }),
    updateKnowledgeBase: async ({ req, params, body }) => {
      await service.updateBase(principalOf(req), params.id, body);
      return { status: 200, body: { status: 'updated' } };
    },
    deleteKnowledgeBase: async ({ req, params }) => {
      await service.deleteBase(principalOf(req), params.id);
      return { status: 200, body: { status: 'deleted' } };
    },
    addKnowledgeDocument: async ({ req, params, body }) => ({
      status: 201,
      body: await service.addDocument(principalOf(req), params.id, body),
    }),
    listKnowledgeDocuments: async ({ req, params }) => ({
      status: 200,
      body: await service.listDocuments(principalOf(req), params.id),
    }),
    getKnowledgeDocument: async ({ req, params }) => ({
      status: 200,
      body: await service.getDocument(principalOf(req), params.id),
    }),
    deleteKnowledgeDocument: async ({ req, params }) => {
      await service.deleteDocument(principalOf(req), params.id);
      return { status: 200, body: { status: 'deleted' } };
    },
    searchKnowledge: async ({ req, body }) => ({
      status: 200,
      body: await search.search(principalOf(req), body),
    }),
    reindexKnowledgeBase: async ({ req, params }) => ({
      status: 202,
      body: await reindexer.start(principalOf(req), params.id),
    }),
  });
}
