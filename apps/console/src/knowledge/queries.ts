import {
  type AddKnowledgeDocumentBody,
  type CreateKnowledgeBaseBody,
  type GatewayClient,
  type KnowledgeSearchBody,
  type UpdateKnowledgeBaseBody,
  unwrap,
} from '@cyrene/sdk';

/** TanStack Query keys of the knowledge screens; `all` is the prefix of every one. */
export const knowledgeKeys = {
  all: ['knowledge'] as const,
  bases: ['knowledge', 'bases'] as const,
  base: (id: string) => ['knowledge', 'base', id] as const,
  document: (id: string) => ['knowledge', 'document', id] as const,
};

// The knowledge screens' gateway calls, each answering the success body (a failure throws GatewayError).

export async function listKnowledgeBases(api: GatewayClient) {
  return unwrap(await api.rest.knowledge.listKnowledgeBases(), 200);
}

export async function getKnowledgeBase(api: GatewayClient, id: string) {
  return unwrap(await api.rest.knowledge.getKnowledgeBase({ params: { id } }), 200);
}

export async function createKnowledgeBase(api: GatewayClient, body: CreateKnowledgeBaseBody) {
  return unwrap(await api.rest.knowledge.createKnowledgeBase({ body }), 201);
}

export async function updateKnowledgeBase(api: GatewayClient, id: string, body: UpdateKnowledgeBaseBody) {
  return unwrap(await api.rest.knowledge.updateKnowledgeBase({ params: { id }, body }), 200);
}

export async function deleteKnowledgeBase(api: GatewayClient, id: string) {
  return unwrap(await api.rest.knowledge.deleteKnowledgeBase({ params: { id } }), 200);
}

export async function getKnowledgeDocument(api: GatewayClient, id: string) {
  return unwrap(await api.rest.knowledge.getKnowledgeDocument({ params: { id } }), 200);
}

export async function addKnowledgeDocument(api: GatewayClient, kbId: string, body: AddKnowledgeDocumentBody) {
  return unwrap(await api.rest.knowledge.addKnowledgeDocument({ params: { id: kbId }, body }), 201);
}

export async function deleteKnowledgeDocument(api: GatewayClient, id: string) {
  return unwrap(await api.rest.knowledge.deleteKnowledgeDocument({ params: { id } }), 200);
}

export async function searchKnowledge(api: GatewayClient, body: KnowledgeSearchBody) {
  return unwrap(await api.rest.knowledge.searchKnowledge({ body }), 200);
}
