import type { TagObject } from 'openapi3-ts/oas31';

/** The spec's section for each top-level key of the contract (gateway-api.zh.md), in spec order. */
export const SECTION_TITLES: Readonly<Record<string, string>> = {
  auth: '§1 认证',
  ws: '§2 WebSocket 实时通信',
  sessions: '§3 会话管理',
  messages: '§4 消息搜索',
  voice: '§5 语音 STT / TTS',
  files: '§6 文件管理',
  images: '§7 图片分析',
  knowledge: '§8 知识库',
  memory: '§9 记忆管理',
  automation: '§10 自动化规则与场景',
  notifications: '§11 通知推送',
  reminders: '§12 提醒管理',
  briefings: '§13 每日简报',
  webhooks: '§14 Webhook 第三方接入',
  admin: '§15 Admin 管理',
  health: '§16 健康检查',
  account: '账户数据导出 (beyond the spec: all of a user’s data as one archive)',
};

/** One tag per used key: spec order first, then any key the spec does not name, as met. */
export function tagsFor(usedKeys: readonly string[]): TagObject[] {
  const known = Object.keys(SECTION_TITLES).filter((key) => usedKeys.includes(key));
  const unknown = usedKeys.filter((key) => !(key in SECTION_TITLES));
  return [...known, ...new Set(unknown)].map((name) => ({
    name,
    description: SECTION_TITLES[name] ?? name,
  }));
}
