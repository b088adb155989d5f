import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/manual-clock';
import { call } from '../../testing/http';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway';
import { registerTestUser, signInTestAdmin } from '../../testing/users';

const T0 = Date.UTC(2026, 0, 1, 8);

describe('§15 known clients', () => {
  const clock = new ManualClock(T0);
  let gw: TestGateway;
  let adminToken: string;
  let alice: string;

  beforeAll(async () => {
    gw = await startTestGateway({ clock });
    adminToken = (await signInTestAdmin(gw)).token;
    alice = (await registerTestUser(gw, 'alice')).userId;
  });
  afterAll(() => gw.close());

  const api = (method: string, path: string, body?: unknown) =>
    call(gw.url, method, `/api/v1${path}`, { token: adminToken, body });
  const open = (connectionId: string, userId: string, clientId: string, deviceName?: string) =>
    gw.services.clients.connected({
      connectionId,
      instanceId: gw.services.clients.instanceId,
      userId,
      sessionId: `s-${connectionId}`,
      clientId,
      deviceName,
      userAgent: 'ua',
    });

  it('lists nothing before any connection', async () => {
    expect((await api('GET', '/admin/clients')).body).toEqual({ clients: [], total: 0 });
  });

  it('lists every client seen, online only while connected, last seen in ms', async () => {
    await open('c1', alice, 'phone', 'Pixel');
    clock.advance(1000);
    await open('c2', 'admin', 'desk', 'Mac');
    clock.advance(1000);
    await gw.services.clients.activity('c1', { message: true });

    const phone = {
      client_id: 'phone',
      user_id: alice,
      device_name: 'Pixel',
      user_agent: 'ua',
      note: '',
      last_seen: T0 + 2000,
      online: true,
    };
    const desk = {
      client_id: 'desk',
      user_id: 'admin',
      device_name: 'Mac',
      user_agent: 'ua',
      note: '',
      last_seen: T0 + 1000,
      online: true,
    };
    const res = await api('GET', '/admin/clients');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ clients: [phone, desk], total: 2 });

    clock.advance(5000);
    await gw.services.clients.disconnected('c1');
    expect((await api('GET', `/admin/clients?user_id=${alice}`)).body).toEqual({
      clients: [{ ...phone, online: false }],
      total: 1,
    });
    expect((await api('GET', '/admin/clients?user_id=admin')).body).toEqual({ clients: [desk], total: 1 });
    expect((await api('GET', '/admin/clients?user_id=user_nobody')).body).toEqual({ clients: [], total: 0 });
  });

  it('a reconnect brings the client back online; one naming no device keeps the device recorded', async () => {
    clock.advance(1000);
    await open('c3', alice, 'phone');
    const res = await api('GET', `/admin/clients?user_id=${alice}`);
    expect(res.body).toMatchObject({
      clients: [{ client_id: 'phone', device_name: 'Pixel', online: true, last_seen: T0 + 8000 }],
    });
  });

  it('a connection that names no client lists no client', async () => {
    await open('c4', alice, '');
    expect((await api('GET', '/admin/clients')).body).toMatchObject({ total: 2 });
  });

  it('sets and clears a note', async () => {
    const set = await api('PUT', '/admin/clients/phone/note', { note: '客厅的手机' });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ status: 'ok', client_id: 'phone', note: '客厅的手机' });
    expect((await api('GET', `/admin/clients?user_id=${alice}`)).body).toMatchObject({
      clients: [{ client_id: 'phone', note: '客厅的手机' }],
    });
    expect((await api('PUT', '/admin/clients/phone/note', { note: '' })).body).toEqual({
      status: 'ok',
      client_id: 'phone',
      note: '',
    });
  });

  it('answers 404 客户端未找到 for an unknown client', async () => {
    const res = await api('PUT', '/admin/clients/ghost/note', { note: 'x' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: '客户端未找到', errorType: 'not_found' });
  });

  it.each([
    [{}, '备注不能为空'],
    [{ note: 5 }, '备注必须是字符串'],
    [{ note: 'x'.repeat(201) }, '备注不能超过 200 个字符'],
  ])('refuses %o with 400 %s', async (body, message) => {
    const res = await api('PUT', '/admin/clients/phone/note', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: message, errorType: 'validation_failed' });
  });
});
