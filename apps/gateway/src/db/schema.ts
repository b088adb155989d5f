import type { AdminTables } from './tables/admin';
import type { AuthTables } from './tables/auth';
import type { ChatTables } from './tables/chat';
import type { FilesTables } from './tables/files';
import type { KnowledgeTables } from './tables/knowledge';
import type { MemoryTables } from './tables/memory';
import type { ProactiveTables } from './tables/proactive';
import type { RealtimeTables } from './tables/realtime';

/*
 * Every table of the gateway, one interface per area in tables/. Timestamps are `timestamptz`,
 * read as Date; each domain's mapper turns them into the spec's epoch milliseconds or RFC 3339.
 */
export interface Database
  extends AuthTables,
    AdminTables,
    ChatTables,
    RealtimeTables,
    KnowledgeTables,
    MemoryTables,
    FilesTables,
    ProactiveTables {}

export type * from './tables/admin';
export type * from './tables/auth';
export type * from './tables/chat';
export type * from './tables/files';
export type * from './tables/knowledge';
export type * from './tables/memory';
export type * from './tables/proactive';
export type * from './tables/realtime';
