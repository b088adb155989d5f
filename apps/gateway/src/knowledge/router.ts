import { contract } from '@cyrene/contracts';
import { s } from '../http/server';
import type { KnowledgeDomain } from './domain';
import { addKnowledgeDocument } from './routes/add-knowledge-document';
import { createKnowledgeBase } from './routes/create-knowledge-base';
import { deleteKnowledgeBase } from './routes/delete-knowledge-base';
import { deleteKnowledgeDocument } from './routes/delete-knowledge-document';
import { getKnowledgeBase } from './routes/get-knowledge-base';
import { getKnowledgeDocument } from './routes/get-knowledge-document';
import { listKnowledgeBases } from './routes/list-knowledge-bases';
import { listKnowledgeDocuments } from './routes/list-knowledge-documents';
import { reindexKnowledgeBase } from './routes/reindex-knowledge-base';
import { searchKnowledge } from './routes/search-knowledge';
import { updateKnowledgeBase } from './routes/update-knowledge-base';

export function knowledgeRouter({ service, search, reindexer }: KnowledgeDomain) {
  return s.router(contract.knowledge, {
    createKnowledgeBase: createKnowledgeBase(service),
    listKnowledgeBases: listKnowledgeBases(service),
    getKnowledgeBase: getKnowledgeBase(service),
    updateKnowledgeBase: updateKnowledgeBase(service),
    deleteKnowledgeBase: deleteKnowledgeBase(service),
    addKnowledgeDocument: addKnowledgeDocument(service),
    listKnowledgeDocuments: listKnowledgeDocuments(service),
    getKnowledgeDocument: getKnowledgeDocument(service),
    deleteKnowledgeDocument: deleteKnowledgeDocument(service),
    searchKnowledge: searchKnowledge(search),
    reindexKnowledgeBase: reindexKnowledgeBase(reindexer),
  });
}
