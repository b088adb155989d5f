import { z } from 'zod';
import { UserIdSchema } from './auth';
import { c, meta } from './common/contract';
import { ErrorBodySchema } from './common/errors';
import { Int32Schema } from './common/input-rules';
import { EpochMillisSchema, Rfc3339Schema } from './common/time';

/** §15 Admin 管理 — every route: JWT + user_id == "admin", others 403 admin_only. */

const ADMIN = meta({ auth: 'admin' });

/* ---------- sessions and clients ---------- */

export const SessionStateSchema = z.object({
  session_id: z.string(),
  user_id: UserIdSchema,
  client_id: z.string().describe('Client of the most recent connection; "" when the client sent none'),
  device_name: z.string(),
  user_agent: z.string(),
  connected_at: EpochMillisSchema.describe('When the first open connection to the session was made'),
  last_activity: EpochMillisSchema.describe('Last frame received on any of its connections'),
  message_count: z
    .number()
    .int()
    .nonnegative()
    .describe('Messages received over WebSocket since connected_at'),
  connections: z.number().int().positive().describe('Open WebSocket connections on the session'),
  instance_id: z.string().describe('The gateway instance holding the connections'),
});
export type SessionState = z.infer<typeof SessionStateSchema>;

export const KnownClientSchema = z.object({
  client_id: z.string(),
  user_id: UserIdSchema,
  device_name: z.string(),
  user_agent: z.string(),
  note: z.string().describe('Set by the administrator; "" when none'),
  last_seen: EpochMillisSchema,
  online: z.boolean().describe('Has an open WebSocket connection now'),
});
export type KnownClient = z.infer<typeof KnownClientSchema>;

export const ListClientsQuerySchema = z.object({
  user_id: z.string().optional().describe('Only this user’s clients; absent: everyone’s'),
});
export type ListClientsQuery = z.infer<typeof ListClientsQuerySchema>;

export const SetClientNoteBodySchema = z.object({
  note: z
    .string({ required_error: '备注不能为空', invalid_type_error: '备注必须是字符串' })
    .max(200, '备注不能超过 200 个字符')
    .describe('"" clears the note'),
});
export type SetClientNoteBody = z.infer<typeof SetClientNoteBodySchema>;

/* ---------- model providers ---------- */

const ConfigNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, '名称需为 1-64 位字母、数字或 _ . : -');

const HttpUrlSchema = z
  .string({ required_error: 'base_url 不能为空', invalid_type_error: 'base_url 无效' })
  .url('URL 无效')
  .regex(/^https?:\/\//i, 'URL 需以 http:// 或 https:// 开头');

export const ModelProviderSchema = z.object({
  name: z.string(),
  base_url: z.string().describe('OpenAI-compatible API root, e.g. https://api.openai.com/v1'),
  api_key: z
    .string()
    .describe('Masked: first 3 and last 4 characters, e.g. "sk-…3456"; "" when none is stored'),
});
export type ModelProvider = z.infer<typeof ModelProviderSchema>;

export const SaveModelProviderBodySchema = z.object({
  name: z.string().optional().describe('Optional; when given it must equal :name (else 400)'),
  base_url: HttpUrlSchema.describe('OpenAI-compatible API root (http or https)'),
  api_key: z
    .string()
    .max(512)
    .optional()
    .describe(
      'Omitted or the masked value from the list: the stored key is kept (a new provider gets ""). "" stores no key',
    ),
});
export type SaveModelProviderBody = z.infer<typeof SaveModelProviderBodySchema>;

/* ---------- models ---------- */

export const ModelConfigSchema = z.object({
  id: z.string().describe('This gateway’s id for the model, used in routing fallback chains'),
  name: z.string().describe('The model name sent to the provider, e.g. gpt-4o'),
  provider: z.string().describe('Name of a configured provider'),
  description: z.string(),
  priority: z.number().int().describe('Sort order, lower first'),
  tags: z.array(z.string()),
  params: z.record(z.string(), z.unknown()).describe('Sent with every request, e.g. {"temperature":0.7}'),
  enabled: z.boolean(),
  updated_at: Rfc3339Schema,
});
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

export const SaveModelConfigBodySchema = z.object({
  id: z.string().optional().describe('Optional; when given it must equal :id (else 400)'),
  name: z.string().min(1).max(200).optional().describe('Default: :id'),
  provider: z
    .string({ required_error: 'provider 不能为空', invalid_type_error: 'provider 不能为空' })
    .min(1, 'provider 不能为空')
    .describe('Must name a configured provider (else 400)'),
  description: z.string().max(1000).default(''),
  priority: Int32Schema.default(0),
  tags: z.array(z.string().max(64)).max(32).default([]),
  params: z.record(z.string(), z.unknown()).default({}),
  enabled: z.boolean().default(true),
});
export type SaveModelConfigBody = z.infer<typeof SaveModelConfigBodySchema>;

/* ---------- routing ---------- */

export const ROUTING_PURPOSES = ['chat', 'vision', 'embedding', 'stt', 'tts', 'briefing'] as const;
export const RoutingPurposeSchema = z.enum(ROUTING_PURPOSES, {
  errorMap: () => ({ message: `用途无效,可选: ${ROUTING_PURPOSES.join('|')}` }),
});
export type RoutingPurpose = z.infer<typeof RoutingPurposeSchema>;

export const ModelRoutingRuleSchema = z.object({
  purpose: RoutingPurposeSchema,
  fallback_chain: z.array(z.string()).describe('Model ids, tried in order until one answers'),
  required: z
    .boolean()
    .describe(
      'true: when every model of the chain fails, the request fails; false: the built-in default (e.g. AI-Core for chat) is tried last',
    ),
  updated_at: Rfc3339Schema,
});
export type ModelRoutingRule = z.infer<typeof ModelRoutingRuleSchema>;

export const SaveModelRoutingRuleBodySchema = z.object({
  purpose: z.string().optional().describe('Optional; when given it must equal :purpose (else 400)'),
  fallback_chain: z
    .array(z.string().min(1), { required_error: 'fallback_chain 不能为空' })
    .min(1, 'fallback_chain 至少需要一个模型')
    .max(10)
    .describe('Ids of configured models (else 400)'),
  required: z.boolean().default(false),
});
export type SaveModelRoutingRuleBody = z.infer<typeof SaveModelRoutingRuleBodySchema>;

/* ---------- provider checks ---------- */

export const ProviderHealthCheckBodySchema = z.object({
  provider: z
    .string({ required_error: 'provider 不能为空', invalid_type_error: 'provider 不能为空' })
    .min(1, 'provider 不能为空'),
});
export type ProviderHealthCheckBody = z.infer<typeof ProviderHealthCheckBodySchema>;

export const ProviderHealthCheckSchema = z.object({
  provider: z.string(),
  message: z.literal('Provider 配置已保存,连接测试请通过实际 LLM 调用验证'),
  ok: z.boolean().describe('GET {base_url}/models answered 2xx'),
  latency_ms: z.number().int().nonnegative().describe('Time until the answer or the failure'),
  error: z.string().optional().describe('Why the check failed (status or network error)'),
});
export type ProviderHealthCheck = z.infer<typeof ProviderHealthCheckSchema>;

export const FetchProviderModelsQuerySchema = z.object({
  url: z
    .string({ required_error: 'url 不能为空', invalid_type_error: 'url 不能为空' })
    .url('URL 无效')
    .regex(/^https?:\/\//i, 'URL 需以 http:// 或 https:// 开头')
    .describe('The provider’s model list URL, e.g. https://api.openai.com/v1/models'),
});
export type FetchProviderModelsQuery = z.infer<typeof FetchProviderModelsQuerySchema>;

export const RemoteModelSchema = z
  .object({ id: z.string(), owned_by: z.string().optional() })
  .passthrough()
  .describe('One entry of the provider’s list, relayed with all its fields');

export const FetchProviderModelsSchema = z.object({
  models: z.array(RemoteModelSchema),
  provider: z.string(),
  url: z.string(),
});
export type FetchProviderModels = z.infer<typeof FetchProviderModelsSchema>;

/* ---------- routes ---------- */

const ProviderNamePath = z.object({ name: ConfigNameSchema.describe('Provider name') });
const ModelIdPath = z.object({ id: ConfigNameSchema.describe('Model id') });
const PurposePath = z.object({ purpose: RoutingPurposeSchema });

/* ---------- system ---------- */

export const SystemInstanceSchema = z.object({
  instance_id: z.string(),
  heartbeat_at: EpochMillisSchema.describe('Its last heartbeat (the instance that answered: now)'),
  current: z.boolean().describe('The instance that answered this request'),
  websocket_connections: z.number().int().nonnegative().describe('Open WebSocket connections it holds'),
});
export type SystemInstance = z.infer<typeof SystemInstanceSchema>;

export const RouteErrorCountSchema = z.object({
  method: z.string(),
  route: z.string().describe('The contract path template (`/api/v1/sessions/:id`), or `unmatched`'),
  status: z.number().int().describe('HTTP status, 400 or above'),
  count: z.number().int().positive(),
  last_at: EpochMillisSchema,
});
export type RouteErrorCount = z.infer<typeof RouteErrorCountSchema>;

export const SystemStatusSchema = z.object({
  instances: z.array(SystemInstanceSchema).describe('Gateway instances alive (heartbeat within 2 minutes)'),
  websocket_connections: z.number().int().nonnegative().describe('Open WebSocket connections, all instances'),
  jobs: z.object({
    due: z.number().int().nonnegative().describe('Jobs due and not yet claimed'),
    lag_seconds: z.number().nonnegative().describe('How long the oldest of them has waited; 0 when none'),
  }),
  recent_errors: z
    .array(RouteErrorCountSchema)
    .describe(
      'Answers of status 400 or more by the answering instance in the last hour, by route and status, latest first',
    ),
  telemetry: z.object({
    metrics: z.boolean().describe('GET /metrics is on (METRICS_TOKEN set)'),
    tracing: z.boolean().describe('Spans are exported (OTEL_EXPORTER_OTLP_ENDPOINT set)'),
  }),
});
export type SystemStatus = z.infer<typeof SystemStatusSchema>;

export const adminContract = c.router({
  listSessionStates: {
    method: 'GET',
    path: '/admin/sessions',
    summary: '活跃会话列表',
    description: 'Sessions with at least one open WebSocket connection, across users.',
    responses: { 200: z.object({ sessions: z.array(SessionStateSchema), total: z.number().int() }) },
    metadata: ADMIN,
  },
  listActiveSessionsByUser: {
    method: 'GET',
    path: '/admin/sessions/active',
    summary: '按用户分组',
    description:
      'The same sessions, grouped by user_id. Declared before /admin/sessions/:id so it is matched first.',
    responses: { 200: z.object({ users: z.record(z.string(), z.array(SessionStateSchema)) }) },
    metadata: ADMIN,
  },
  getSessionState: {
    method: 'GET',
    path: '/admin/sessions/:id',
    summary: '指定会话详情',
    description:
      'No open connection on that session: 404 {"error":"会话不存在","errorType":"session_not_found"}.',
    pathParams: z.object({ id: z.string().describe('Session id') }),
    responses: { 200: SessionStateSchema },
    metadata: ADMIN,
  },
  listClients: {
    method: 'GET',
    path: '/admin/clients',
    summary: '已知客户端',
    description: 'Every client that has connected, most recently seen first.',
    query: ListClientsQuerySchema,
    responses: { 200: z.object({ clients: z.array(KnownClientSchema), total: z.number().int() }) },
    metadata: ADMIN,
  },
  setClientNote: {
    method: 'PUT',
    path: '/admin/clients/:id/note',
    summary: '设置备注',
    description: 'Unknown client: 404 {"error":"客户端未找到"}.',
    pathParams: z.object({ id: z.string().describe('Client id') }),
    body: SetClientNoteBodySchema,
    responses: {
      200: z.object({ status: z.literal('ok'), client_id: z.string(), note: z.string() }),
    },
    metadata: ADMIN,
  },
  listModelProviders: {
    method: 'GET',
    path: '/admin/models/providers',
    summary: 'Provider 列表',
    description: 'API keys are never returned in full.',
    responses: { 200: z.object({ providers: z.array(ModelProviderSchema), total: z.number().int() }) },
    metadata: ADMIN,
  },
  saveModelProvider: {
    method: 'POST',
    path: '/admin/models/providers/:name',
    summary: '创建/更新 Provider',
    pathParams: ProviderNamePath,
    body: SaveModelProviderBodySchema,
    responses: { 200: z.object({ status: z.literal('saved'), name: z.string() }) },
    metadata: ADMIN,
  },
  deleteModelProvider: {
    method: 'DELETE',
    path: '/admin/models/providers/:name',
    summary: '删除 Provider',
    description: 'Unknown provider: 404. A provider still used by a model: 409.',
    pathParams: ProviderNamePath,
    responses: { 200: z.object({ status: z.literal('deleted'), name: z.string() }), 409: ErrorBodySchema },
    metadata: ADMIN,
  },
  listModelConfigs: {
    method: 'GET',
    path: '/admin/models/models',
    summary: 'Model 列表',
    description: 'Ordered by priority, then id.',
    responses: { 200: z.object({ models: z.array(ModelConfigSchema), total: z.number().int() }) },
    metadata: ADMIN,
  },
  saveModelConfig: {
    method: 'POST',
    path: '/admin/models/models/:id',
    summary: '创建/更新 Model',
    description: 'Creates or replaces the model (omitted fields take their defaults).',
    pathParams: ModelIdPath,
    body: SaveModelConfigBodySchema,
    responses: { 200: z.object({ status: z.literal('saved'), id: z.string() }) },
    metadata: ADMIN,
  },
  deleteModelConfig: {
    method: 'DELETE',
    path: '/admin/models/models/:id',
    summary: '删除 Model',
    description: 'Unknown model: 404. The model is also removed from every routing fallback chain.',
    pathParams: ModelIdPath,
    responses: { 200: z.object({ status: z.literal('deleted'), id: z.string() }) },
    metadata: ADMIN,
  },
  listModelRoutingRules: {
    method: 'GET',
    path: '/admin/models/routing',
    summary: '路由规则列表',
    responses: { 200: z.object({ rules: z.array(ModelRoutingRuleSchema), total: z.number().int() }) },
    metadata: ADMIN,
  },
  saveModelRoutingRule: {
    method: 'POST',
    path: '/admin/models/routing/:purpose',
    summary: '创建/更新路由规则',
    pathParams: PurposePath,
    body: SaveModelRoutingRuleBodySchema,
    responses: { 200: z.object({ status: z.literal('saved'), purpose: z.string() }) },
    metadata: ADMIN,
  },
  deleteModelRoutingRule: {
    method: 'DELETE',
    path: '/admin/models/routing/:purpose',
    summary: '删除路由规则',
    description: 'No rule for that purpose: 404.',
    pathParams: PurposePath,
    responses: { 200: z.object({ status: z.literal('deleted'), purpose: z.string() }) },
    metadata: ADMIN,
  },
  checkModelProvider: {
    method: 'POST',
    path: '/admin/models/health-check',
    summary: '测试 Provider 连接',
    description:
      'Calls GET {base_url}/models with the stored key and reports ok/latency; message is kept as the spec wrote it. Unknown provider: 404.',
    body: ProviderHealthCheckBodySchema,
    responses: { 200: ProviderHealthCheckSchema, 404: ErrorBodySchema },
    metadata: ADMIN,
  },
  getSystemStatus: {
    method: 'GET',
    path: '/admin/system',
    summary: '系统状态',
    description:
      'Instances alive, WebSocket connections, due jobs and their lag, and recent error answers by route (of the instance that answers).',
    responses: { 200: SystemStatusSchema },
    metadata: ADMIN,
  },
  fetchProviderModels: {
    method: 'GET',
    path: '/admin/models/fetch-models/:name',
    summary: '代理获取远程模型列表',
    description:
      'GETs `url` with the provider’s stored key (Authorization: Bearer) and relays its `data` (OpenAI shape) or top-level array as models. Unknown provider: 404; the upstream fails or answers something else: 502.',
    pathParams: ProviderNamePath,
    query: FetchProviderModelsQuerySchema,
    responses: { 200: FetchProviderModelsSchema, 502: ErrorBodySchema },
    metadata: ADMIN,
  },
});
