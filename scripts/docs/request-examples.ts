/**
 * The smallest JSON body each operation accepts, by operationId: the spec's request examples
 * (gateway-api.zh.md) with its placeholders filled in and every field it marks optional or
 * defaulted left out. They are the request examples of the published document, and
 * request-bodies.test.ts checks each against its operation's request schema.
 */
export const REQUEST_EXAMPLES: Readonly<Record<string, unknown>> = {
  auth_register: {
    username: 'alice',
    password: 'secret123',
    email: 'alice@example.com',
    nickname: 'Alice',
    verify_code: '000000',
  },
  auth_login: { username: 'admin', password: 'change-me' },
  auth_refresh: { refresh_token: 'eyJhbGciOiJIUzI1NiJ9.refresh.token' },
  sessions_createSession: { title: '周末计划' },
  sessions_updateSession: { title: '周末计划(改)' },
  voice_synthesizeSpeech: { text: '你好,我是 Cyrene' },
  knowledge_createKnowledgeBase: { name: '产品手册' },
  knowledge_updateKnowledgeBase: { name: '产品手册 v2' },
  knowledge_addKnowledgeDocument: { title: '安装说明', content: '先运行 npm ci,再运行 npm start。' },
  knowledge_searchKnowledge: { query: '如何安装' },
  memory_createMemory: { content: '用户喜欢喝绿茶' },
  automation_createRule: {
    name: '每日问候',
    trigger_type: 'manual',
    actions: { steps: [{ type: 'notify', title: '早上好', body: '新的一天开始了' }] },
  },
  automation_updateRule: { enabled: false },
  automation_fireRuleWebhook: { temperature: 31 },
  automation_createScene: { name: '回家模式' },
  automation_updateScene: { name: '离家模式' },
  notifications_pushNotification: { user_id: 'user_alice', type: 'info', title: '提示', body: '构建已完成' },
  reminders_createReminder: { title: '开会', remind_at: '2024-01-01T15:00:00Z' },
  reminders_updateReminder: { status: 'completed' },
  briefings_generateBriefing: { user_id: 'user_alice' },
  briefings_updateBriefingSettings: { enabled: true },
  webhooks_genericWebhook: { message: '今天天气怎么样?' },
  webhooks_discordWebhook: {
    type: 1,
    id: '1234567890',
    application_id: '9876543210',
    token: 'interaction-token',
  },
  admin_setClientNote: { note: '客厅的平板' },
  admin_saveModelProvider: { base_url: 'https://api.openai.com/v1' },
  admin_saveModelConfig: { provider: 'openai' },
  admin_saveModelRoutingRule: { fallback_chain: ['gpt-4o-mini'] },
  admin_checkModelProvider: { provider: 'openai' },
};
