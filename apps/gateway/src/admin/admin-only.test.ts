import { contract } from '@cyrene/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser } from '../testing/users';

/** Every §15 route, with its path parameters filled in. */
const routes = Object.entries(contract.admin).map(([name, route]) => ({
  name,
  method: route.method,
  path: route.path
    .replace(':purpose', 'chat')
    .replace(/:(\w+)/g, 'x1')
    .concat(name === 'fetchProviderModels' ? '?url=http%3A%2F%2F127.0.0.1%2Fv1%2Fmodels' : ''),
  body: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
}));

describe('§15 admin only', () => {
  let gw: TestGateway;
  let userToken: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    userToken = (await registerTestUser(gw, 'alice')).token;
  });
  afterAll(() => gw.close());

  it('covers all 17 routes', () => {
    expect(routes).toHaveLength(17);
  });

  it.each(routes)('$method $path answers a normal user 403 admin_only', async ({ method, path, body }) => {
    const res = await call(gw.url, method, path, { token: userToken, body });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: '仅限管理员操作', errorType: 'admin_only' });
  });

  it.each(routes)('$method $path answers 401 without a token', async ({ method, path, body }) => {
    const res = await call(gw.url, method, path, { body });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: '未提供认证令牌', errorType: 'unauthorized' });
  });
});
