import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/manual-clock';
import { call } from '../../testing/http';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway';
import { registerTestUser, signInTestAdmin } from '../../testing/users';

const T0 = Date.UTC(2026, 0, 1, 8);

describe('§15 live sessions, across instances', () => {
  const clock = new ManualClock(T0);
  /** Two gateway instances on one database: A holds the connections, B answers the admin. */
  let a: TestGateway;
  let b: TestGateway;
  let adminToken: string;
  let userId: string;

  beforeAll(async () => {
    a = await startTestGateway({ clock });
    b = await startTestGateway({ clock, database: a.database });
    adminToken = (await signInTestAdmin(a)).token;
    userId = (await registerTestUser(a, 'alice')).userId;
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const get = (path: string) => call(b.url, 'GET', `/api/v1${path}`, { token: adminToken });

  it('lists nothing while nobody is connected', async () => {
    expect((await get('/admin/sessions')).body).toEqual({ sessions: [], total: 0 });
    expect((await get('/admin/sessions/active')).body).toEqual({ users: {} });
  });

  it('shows a connection opened on another instance, with its activity', async () => {
    const registry = a.services.clients;
    await registry.connected({
      connectionId: 'conn-1',
      instanceId: 'instance-a',
      userId,
      sessionId: 'sess-1',
      clientId: 'phone',
      deviceName: 'Pixel 9',
      userAgent: 'cyrene-android/1.0',
    });
    clock.advance(1000);
    await registry.activity('conn-1', { message: true });
    clock.advance(1000);
    await registry.activity('conn-1', { message: true });
    clock.advance(1000);
    await registry.activity('conn-1');
    // A second connection to the same session, from another client, later.
    await registry.connected({
      connectionId: 'conn-2',
      instanceId: 'instance-a',
      userId,
      sessionId: 'sess-1',
      clientId: 'laptop',
      userAgent: 'Firefox',
    });
    await registry.connected({
      connectionId: 'conn-3',
      instanceId: 'instance-a',
      userId: 'admin',
      sessionId: 'sess-9',
      clientId: '',
    });
    clock.advance(1000);
    await registry.activity('conn-3', { message: true });

    const sess1 = {
      session_id: 'sess-1',
      user_id: userId,
      client_id: 'laptop',
      device_name: '',
      user_agent: 'Firefox',
      connected_at: T0,
      last_activity: T0 + 3000,
      message_count: 2,
      connections: 2,
      instance_id: 'instance-a',
    };
    const sess9 = {
      session_id: 'sess-9',
      user_id: 'admin',
      client_id: '',
      device_name: '',
      user_agent: '',
      connected_at: T0 + 3000,
      last_activity: T0 + 4000,
      message_count: 1,
      connections: 1,
      instance_id: 'instance-a',
    };
    const list = await get('/admin/sessions');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ sessions: [sess9, sess1], total: 2 });
    expect((await get('/admin/sessions/active')).body).toEqual({
      users: { admin: [sess9], [userId]: [sess1] },
    });
    expect((await get('/admin/sessions/sess-1')).body).toEqual(sess1);
  });

  it('drops a session when its last connection closes', async () => {
    await a.services.clients.disconnected('conn-2');
    expect((await get('/admin/sessions/sess-1')).body).toMatchObject({ connections: 1, client_id: 'phone' });
    await a.services.clients.disconnected('conn-1');
    const gone = await get('/admin/sessions/sess-1');
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ error: '会话不存在', errorType: 'session_not_found' });
    expect((await get('/admin/sessions')).body).toMatchObject({ total: 1 });
  });

  it('answers 404 session_not_found for a session never connected', async () => {
    const res = await get('/admin/sessions/never');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: '会话不存在', errorType: 'session_not_found' });
  });

  it('clears the connections of an instance that stopped', async () => {
    await a.services.clients.clearInstance('instance-a');
    expect((await get('/admin/sessions')).body).toEqual({ sessions: [], total: 0 });
  });

  it('clears the connections of an instance whose heartbeat stopped', async () => {
    await a.services.clients.connected({
      connectionId: 'conn-4',
      instanceId: 'crashed',
      userId,
      sessionId: 'sess-4',
      clientId: 'phone',
    });
    await b.services.clients.heartbeat(60_000);
    expect((await get('/admin/sessions')).body).toMatchObject({ total: 1 });
    clock.advance(61_000);
    await b.services.clients.heartbeat(60_000);
    expect((await get('/admin/sessions')).body).toEqual({ sessions: [], total: 0 });
    const clients = await get(`/admin/clients?user_id=${userId}`);
    expect(clients.body).toMatchObject({
      clients: [
        { client_id: 'phone', online: false, last_seen: clock.now().getTime() - 61_000 },
        { client_id: 'laptop', online: false },
      ],
    });
  });
});
