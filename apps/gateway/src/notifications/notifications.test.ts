import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSocket } from '../chat/testing/test-socket';
import { openPostgres } from '../db/database';
import { ISO, UUID } from '../testing/formats';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { onInstance, registerTestUser, signInTestAdmin, type TestUser } from '../testing/users';

describe('§11 notifications', () => {
  let gw: TestGateway;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    gw = await startTestGateway();
    admin = await signInTestAdmin(gw);
    alice = await registerTestUser(gw, 'alice');
    bob = await registerTestUser(gw, 'bob');
  });
  afterAll(() => gw.close());

  const push = (who: TestUser, body: Record<string, unknown>) => who.api('POST', '/notifications/push', body);
  const note = (userId: string, title = '喝水') => ({
    user_id: userId,
    type: 'info',
    title,
    body: '该喝水了',
  });

  describe('POST /notifications/push', () => {
    it('the administrator pushes to a user: stored, not delivered (no connection)', async () => {
      const res = await push(admin, { ...note(alice.userId), data: { glass: 1 } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        success: true,
        notification: {
          id: expect.stringMatching(UUID),
          type: 'info',
          title: '喝水',
          user_id: 'user_alice',
          timestamp: expect.stringMatching(ISO),
          delivered: false,
        },
      });
    });

    it('a user may push to themself', async () => {
      const res = await push(bob, note(bob.userId));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ success: true, notification: { user_id: 'user_bob' } });
    });

    it('a user pushing to someone else gets 403 and nothing is stored', async () => {
      const res = await push(bob, note(alice.userId, '冒充'));
      expect(res.status).toBe(403);
      expect(res.body).toEqual({
        error: '无权向其他用户推送通知',
        errorType: 'forbidden',
        hint: '普通用户只能推送给自己',
      });
      const list = await alice.api<{ notifications: Array<{ title: string }> }>('GET', '/notifications');
      expect(list.body.notifications.map((n) => n.title)).not.toContain('冒充');
    });

    it('an unknown recipient is 404', async () => {
      const res = await push(admin, note('user_nobody'));
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: '用户不存在', errorType: 'not_found' });
    });

    it('without a token: 401', async () => {
      const res = await call(gw.url, 'POST', '/api/v1/notifications/push', { body: note(alice.userId) });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: '未提供认证令牌', errorType: 'unauthorized' });
    });

    it.each([
      [{ type: undefined }, '通知类型不能为空'],
      [{ type: 'urgent' }, '通知类型无效,可选: info|warning|success|thinking|reminder'],
      [{ title: undefined }, '标题不能为空'],
      [{ title: '' }, '标题不能为空'],
      [{ body: undefined }, '内容不能为空'],
      [{ user_id: undefined }, '用户ID不能为空'],
      [{ user_id: '' }, '用户ID不能为空'],
    ])('validates %o: 400 %s', async (change, message) => {
      const res = await push(admin, { ...note(alice.userId), ...change });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: message, errorType: 'validation_failed' });
    });
  });

  describe('delivery over the WebSocket', () => {
    it('reaches every connection of the user, and delivered says so', async () => {
      const phone = await TestSocket.open(gw.url, {
        token: admin.token,
        query: { client_id: 'notif-phone' },
      });
      const laptop = await TestSocket.open(gw.url, {
        token: admin.token,
        query: { client_id: 'notif-laptop' },
      });
      try {
        const res = await push(admin, { user_id: 'admin', type: 'warning', title: '磁盘', body: '快满了' });
        expect(res.body).toMatchObject({ notification: { delivered: true } });
        const id = (res.body as { notification: { id: string } }).notification.id;
        for (const socket of [phone, laptop]) {
          expect(await socket.next('notification')).toEqual({
            type: 'notification',
            notification: {
              id,
              type: 'warning',
              title: '磁盘',
              body: '快满了',
              timestamp: expect.stringMatching(ISO),
              data: {},
            },
            timestamp: expect.any(Number),
          });
        }
      } finally {
        await phone.close();
        await laptop.close();
      }
    });
  });

  describe('the outbox', () => {
    let carol: TestUser;
    const ids: string[] = [];

    beforeAll(async () => {
      carol = await registerTestUser(gw, 'carol');
      for (const title of ['一', '二', '三']) {
        const res = await push(carol, note(carol.userId, title));
        ids.push((res.body as { notification: { id: string } }).notification.id);
      }
    });

    it('lists newest first with the total', async () => {
      const res = await carol.api('GET', '/notifications?limit=2');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        notifications: [
          {
            id: ids[2],
            user_id: 'user_carol',
            type: 'info',
            title: '三',
            body: '该喝水了',
            data: {},
            timestamp: expect.stringMatching(ISO),
            read_at: null,
          },
          expect.objectContaining({ id: ids[1], title: '二' }),
        ],
        total: 3,
      });
    });

    it('after_id gives what came after, oldest first (catch-up after a reconnect)', async () => {
      const res = await carol.api<{ notifications: Array<{ id: string }>; total: number }>(
        'GET',
        `/notifications?after_id=${ids[0]}`,
      );
      expect(res.body.notifications.map((n) => n.id)).toEqual([ids[1], ids[2]]);
      expect(res.body.total).toBe(2);
      const unknown = await carol.api<{ notifications: Array<{ id: string }> }>(
        'GET',
        '/notifications?after_id=gone',
      );
      expect(unknown.body.notifications.map((n) => n.id)).toEqual(ids);
    });

    it('marks one read (idempotently), then the rest', async () => {
      const first = await carol.api('POST', `/notifications/${ids[0]}/read`);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ success: true });
      const read = await carol.api<{ notifications: Array<{ id: string; read_at: string }> }>(
        'GET',
        '/notifications?unread=false',
      );
      expect(read.body.notifications.map((n) => n.id)).toEqual([ids[0]]);
      const readAt = read.body.notifications[0]?.read_at;
      expect(readAt).toMatch(ISO);

      await carol.api('POST', `/notifications/${ids[0]}/read`);
      const again = await carol.api<{ notifications: Array<{ read_at: string }> }>(
        'GET',
        '/notifications?unread=false',
      );
      expect(again.body.notifications[0]?.read_at).toBe(readAt);

      const unread = await carol.api<{ total: number }>('GET', '/notifications?unread=true');
      expect(unread.body.total).toBe(2);
      const all = await carol.api('POST', '/notifications/read-all');
      expect(all.body).toEqual({ success: true, count: 2 });
      expect((await carol.api('POST', '/notifications/read-all')).body).toEqual({ success: true, count: 0 });
    });

    it('another user’s notification is 404 and their list holds none of carol’s', async () => {
      const res = await bob.api('POST', `/notifications/${ids[1]}/read`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: '通知不存在', errorType: 'not_found' });
      const list = await bob.api<{ notifications: Array<{ user_id: string }> }>(
        'GET',
        '/notifications?limit=200',
      );
      expect(list.body.notifications.every((n) => n.user_id === 'user_bob')).toBe(true);
    });

    it('rejects a bad query with 400', async () => {
      const res = await carol.api('GET', '/notifications?limit=0');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ errorType: 'validation_failed' });
    });
  });

  describe('every connection follows the outbox', () => {
    const titles = (socket: TestSocket) =>
      socket.frames.flatMap((f) => (f.type === 'notification' ? [f.notification.title] : []));
    /**
     * A device's connection, once what it missed reached it: read on the server, then a pong
     * sent after those frames (one stream, in order).
     */
    const device = async (who: TestUser, clientId: string) => {
      const socket = await TestSocket.open(gw.url, { token: who.token, query: { client_id: clientId } });
      await gw.services.notifications.delivery.idle();
      socket.send({ type: 'ping' });
      await socket.next('pong');
      return socket;
    };

    it('a device gets what it missed once, oldest first, and never again on reconnecting', async () => {
      const first = await device(admin, 'outbox-tablet');
      await first.close();
      await push(admin, note('admin', '甲'));
      await push(admin, note('admin', '乙'));
      const again = await device(admin, 'outbox-tablet');
      expect(titles(again)).toEqual(['甲', '乙']);
      await again.close();
      const third = await device(admin, 'outbox-tablet');
      // Notifications arrive in outbox order: once the next one is here, a replay would be too.
      await push(admin, note('admin', '丙'));
      await third.next('notification', (f) => f.notification.title === '丙');
      expect(titles(third)).toEqual(['丙']);
      await third.close();
    });

    it('a notification stored whose wake-up never went out (its instance died) still arrives', async () => {
      const socket = await TestSocket.open(gw.url, { token: admin.token });
      try {
        await expect.poll(() => gw.ctx.hub.online('admin')).toBe(true);
        await gw.services.notifications.delivery.idle();
        // Stored and committed, then nothing: no bus message, no local delivery.
        await gw.services.notifications.store({
          userId: 'admin',
          type: 'info',
          title: '孤儿',
          body: '无人唤醒',
        });
        const frame = await socket.next('notification', (f) => f.notification.title === '孤儿');
        expect(frame.notification.body).toBe('无人唤醒');
      } finally {
        await socket.close();
      }
    });
  });
});

describe.skipIf(!process.env.DATABASE_URL)('§11 notifications across instances (PostgreSQL)', () => {
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    a = await startTestGateway();
    const url = a.database.url;
    if (!url) throw new Error('the PostgreSQL test database has no url');
    b = await startTestGateway({ database: openPostgres(url, 4) });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('a push on one instance reaches a connection on the other', async () => {
    const admin = await signInTestAdmin(a);
    const socket = await TestSocket.open(b.url, { token: admin.token });
    try {
      await expect.poll(() => a.ctx.hub.online('admin'), { timeout: 5_000 }).toBe(true);
      const res = await onInstance(a, admin).api('POST', '/notifications/push', {
        user_id: 'admin',
        type: 'success',
        title: '跨实例',
        body: 'ok',
      });
      expect(res.body).toMatchObject({ notification: { delivered: true } });
      expect((await socket.next('notification')).notification.title).toBe('跨实例');
    } finally {
      await socket.close();
    }
  });
});
