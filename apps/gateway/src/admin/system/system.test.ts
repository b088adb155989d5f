import type { SystemStatus } from '@cyrene/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSocket } from '../../chat/testing/test-socket';
import { call } from '../../testing/http';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway';
import { registerTestUser, signInTestAdmin } from '../../testing/users';

describe('GET /api/v1/admin/system', () => {
  let gw: TestGateway;
  let adminToken: string;
  let userToken: string;
  let socket: TestSocket;

  beforeAll(async () => {
    gw = await startTestGateway();
    adminToken = (await signInTestAdmin(gw)).token;
    userToken = (await registerTestUser(gw, 'alice')).token;
  });
  afterAll(async () => {
    socket?.ws.close();
    await gw?.close();
  });

  it('is for the administrator only', async () => {
    const res = await call(gw.url, 'GET', '/api/v1/admin/system', { token: userToken });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: '仅限管理员操作', errorType: 'admin_only' });
  });

  it('shows this instance with its connections, the job backlog and recent errors by route', async () => {
    // Due a minute ago and never claimed: the runner is stopped.
    await gw.services.jobs.stop();
    await gw.services.jobs.schedule({
      kind: 'test.waiting',
      key: 'test:waiting',
      runAt: new Date(Date.now() - 60_000),
      payload: {},
    });
    socket = await TestSocket.open(gw.url, { token: adminToken, query: { session_id: 'session_sys' } });
    await call(gw.url, 'GET', '/api/v1/sessions/session_nobody_has', { token: adminToken });
    await call(gw.url, 'GET', '/api/v1/sessions/session_nobody_either', { token: adminToken });
    await call(gw.url, 'POST', '/api/v1/no-such-route');

    const res = await call<SystemStatus>(gw.url, 'GET', '/api/v1/admin/system', { token: adminToken });
    expect(res.status).toBe(200);
    const status = res.body;
    expect(status.instances).toEqual([
      {
        instance_id: gw.ctx.instanceId,
        heartbeat_at: expect.any(Number),
        current: true,
        websocket_connections: 1,
      },
    ]);
    expect(status.websocket_connections).toBe(1);
    expect(status.jobs.due).toBeGreaterThanOrEqual(1);
    expect(status.jobs.lag_seconds).toBeGreaterThanOrEqual(60);
    expect(status.telemetry).toEqual({ metrics: false, tracing: false });
    const errors = status.recent_errors.map(({ last_at: _, ...e }) => e);
    expect(errors).toEqual(
      expect.arrayContaining([
        { method: 'GET', route: '/api/v1/sessions/:id', status: 404, count: 2 },
        { method: 'POST', route: 'unmatched', status: 404, count: 1 },
        { method: 'GET', route: '/api/v1/admin/system', status: 403, count: 1 },
      ]),
    );
    // Latest first.
    const times = status.recent_errors.map((e) => e.last_at);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});
