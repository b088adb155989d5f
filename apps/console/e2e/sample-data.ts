import sharp from 'sharp';
import WebSocket from 'ws';
import { createGatewayClient, type GatewayClient, unwrap } from '../../../packages/sdk/src/index';
import { TEST_ADMIN } from '../../gateway/src/testing/test-gateway';

/** A 640×400 gradient photo stand-in, as a PNG. */
async function samplePicture(from: string, to: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
    <rect width="640" height="400" fill="url(#g)"/><circle cx="470" cy="120" r="60" fill="#fff" opacity="0.6"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Signs in the admin through the SDK, in Node. */
export async function adminClient(baseUrl: string): Promise<GatewayClient> {
  const client = createGatewayClient({ baseUrl, WebSocket });
  await client.login(TEST_ADMIN.username, TEST_ADMIN.password);
  return client;
}

/** What a user has after a week of use: files, a knowledge base, reminders, notifications, a rule, models. */
export async function seedSampleData(client: GatewayClient): Promise<void> {
  const { rest } = client;
  for (const title of ['旅行计划', '周末菜谱', 'TypeScript 问题']) {
    await rest.sessions.createSession({ body: { title } });
  }
  for (const [name, from, to] of [
    ['海边日落.png', '#ff9a5a', '#6d5dfc'],
    ['森林.png', '#2f9e6e', '#c6f0a4'],
    ['夜空.png', '#141a3c', '#5b4ff0'],
  ] as const) {
    await client.uploadFile(await samplePicture(from, to), { filename: name, contentType: 'image/png' });
  }
  await client.uploadFile(new TextEncoder().encode('# 周报\n\n本周完成了网关的 Web 控制台。\n'), {
    filename: '周报.md',
    contentType: 'text/markdown',
  });

  const base = unwrap(
    await rest.knowledge.createKnowledgeBase({
      body: { name: '产品手册', description: 'Cyrene 的使用说明' },
    }),
    201,
  );
  await rest.knowledge.addKnowledgeDocument({
    params: { id: base.id },
    body: {
      title: '快速开始',
      source_type: 'text',
      content:
        '运行 npm start 之后,在浏览器打开 http://localhost:8080/ 即可使用控制台。\n\n管理员可以在“模型与 Provider”页面添加模型供应商,并在“模型路由”里设置回退链。',
    },
  });

  const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
  for (const [title, hours, repeat] of [
    ['给妈妈打电话', 3, 'none'],
    ['晨跑', 20, 'daily'],
    ['周会', 50, 'weekly'],
  ] as const) {
    await rest.reminders.createReminder({ body: { title, remind_at: inHours(hours), repeat_type: repeat } });
  }

  for (const [type, title, body] of [
    ['success', '备份完成', '数据库已备份到 data/backups。'],
    ['reminder', '提醒:周会', '10 分钟后开始。'],
  ] as const) {
    await rest.notifications.pushNotification({ body: { user_id: 'admin', type, title, body } });
  }

  const rule = unwrap(
    await rest.automation.createRule({
      body: {
        name: '下班提醒',
        description: '每个工作日 18:00 提醒我下班',
        trigger_type: 'manual',
        trigger_config: {},
        conditions: {},
        actions: { steps: [{ type: 'notify', title: '该下班了', body: '今天辛苦了!' }] },
        enabled: true,
      },
    }),
    201,
  );
  await rest.automation.triggerRule({ params: { id: rule.rule.id } });
  await rest.automation.createScene({ body: { name: '回家模式', icon: '🏠', rule_ids: [rule.rule.id] } });

  await rest.admin.saveModelProvider({
    params: { name: 'openai' },
    body: { base_url: 'https://api.openai.com/v1', api_key: 'sk-sample-key-for-screenshots-1234' },
  });
  await rest.admin.saveModelConfig({
    params: { id: 'gpt-4o' },
    body: { name: 'gpt-4o', provider: 'openai', description: '主力模型', priority: 1, tags: ['chat'] },
  });
  await rest.admin.saveModelConfig({
    params: { id: 'gpt-4o-mini' },
    body: { name: 'gpt-4o-mini', provider: 'openai', description: '便宜快速', priority: 2, tags: ['chat'] },
  });
  await rest.admin.saveModelRoutingRule({
    params: { purpose: 'vision' },
    body: { fallback_chain: ['gpt-4o-mini', 'gpt-4o'], required: false },
  });
}
