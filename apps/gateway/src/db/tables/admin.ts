import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CreatedAt, Timestamp } from './columns';

/** §15: model providers, models, routing rules, known clients and live WebSocket connections. */

/** A jsonb column: written as a JSON string, read back parsed. */
type Json<T> = ColumnType<T, string, string>;

export interface ModelProvidersTable {
  name: string;
  base_url: string;
  /** `v1.<base64url iv|tag|ciphertext>` (AES-256-GCM), or '' when the provider needs no key. */
  api_key_encrypted: string;
  updated_at: Timestamp;
}
export type ModelProviderRow = Selectable<ModelProvidersTable>;

export interface ModelsTable {
  id: string;
  name: string;
  /** References model_providers.name (delete restricted while a model uses it). */
  provider: string;
  description: string;
  priority: number;
  tags: Json<string[]>;
  params: Json<Record<string, unknown>>;
  enabled: boolean;
  updated_at: Timestamp;
}
export type ModelRow = Selectable<ModelsTable>;

export interface ModelRoutingTable {
  purpose: string;
  /** Model ids, in fallback order. */
  fallback_chain: Json<string[]>;
  required: boolean;
  updated_at: Timestamp;
}
export type ModelRoutingRow = Selectable<ModelRoutingTable>;

/** Every client a user ever connected with; one row per (user, client id). */
export interface ClientsTable {
  user_id: string;
  client_id: string;
  device_name: string;
  user_agent: string;
  note: Generated<string>;
  first_seen: CreatedAt;
  last_seen: Timestamp;
}
export type ClientRow = Selectable<ClientsTable>;

/** One row per open WebSocket connection, on whichever instance holds it. */
export interface LiveSessionsTable {
  connection_id: string;
  instance_id: string;
  user_id: string;
  session_id: string;
  client_id: string;
  device_name: string;
  user_agent: string;
  connected_at: Timestamp;
  last_activity: Timestamp;
  message_count: Generated<number>;
}
export type LiveSessionRow = Selectable<LiveSessionsTable>;

/** Gateway instances holding connections, with their last heartbeat (to clear a dead one's rows). */
export interface GatewayInstancesTable {
  instance_id: string;
  heartbeat_at: Timestamp;
}

export interface AdminTables {
  model_providers: ModelProvidersTable;
  models: ModelsTable;
  model_routing: ModelRoutingTable;
  clients: ClientsTable;
  live_sessions: LiveSessionsTable;
  gateway_instances: GatewayInstancesTable;
}
