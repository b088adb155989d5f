import { TRPC_PATH } from '@cyrene/contracts/trpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redBluePng } from '../files/testing/fixtures';
import { upload } from '../files/testing/multipart-client';
import { call } from '../testing/http';
import { startTestGateway, TEST_ADMIN, type TestGateway } from '../testing/test-gateway';
import { registerTestUser, signInTestAdmin } from '../testing/users';
import { type FakeVoiceService, startFakeVoiceService, VOICES } from '../voice/testing/fake-voice-service';
import { trpcClient, trpcFailure } from './testing/client';

/*
 * /trpc against a live gateway, through @trpc/client: every answer is compared with what REST
 * answers for the same request, since both run the same route implementations.
 */
describe('/trpc, derived from the contract', () => {
  let gw: TestGateway;
  let voice: FakeVoiceService;
  let adminToken: string;
  let aliceToken: string;
  let bobToken: string;
  let alice: ReturnType<typeof trpcClient>;

  beforeAll(async () => {
    voice = await startFakeVoiceService();
    gw = await startTestGateway({ env: { VOICE_SERVICE_URL: voice.url } });
    adminToken = (await signInTestAdmin(gw)).token;
    aliceToken = (await registerTestUser(gw, 'alice')).token;
    bobToken = (await registerTestUser(gw.url, 'bob')).token;
    alice = trpcClient(gw.url, aliceToken);
  });
  afterAll(async () => {
    await gw?.close();
    await voice?.close();
  });

  const rest = async (method: string, path: string, token: string | undefined, body?: unknown) =>
    call(gw.url, method, `/api/v1${path}`, { token, body });
  const restBody = async (path: string, token = aliceToken) => {
    const res = await rest('GET', path, token);
    expect(res.status, `GET ${path}`).toBe(200);
    return res.body;
  };

  describe('a read in every domain with a JSON route, equal to the REST answer', () => {
    it('auth, sessions, messages', async () => {
      const created = await alice.sessions.createSession.mutate({ body: { title: '来自 tRPC' } });
      expect(created).toMatchObject({ user_id: 'user_alice', title: '来自 tRPC', is_main: false });

      expect(await alice.auth.getProfile.query()).toEqual(await restBody('/profile'));
      expect(await alice.sessions.listSessions.query()).toEqual(await restBody('/sessions'));
      expect(await alice.sessions.getSession.query({ params: { id: created.id } })).toEqual(
        await restBody(`/sessions/${created.id}`),
      );
      expect(
        await alice.sessions.listMessages.query({ params: { id: created.id }, query: { limit: 10 } }),
      ).toEqual(await restBody(`/sessions/${created.id}/messages?limit=10`));
      expect(await alice.messages.searchMessages.query({ query: { q: '天气' } })).toEqual(
        await restBody(`/messages/search?q=${encodeURIComponent('天气')}`),
      );
    });

    it('voice (through the Voice-Service), files and images', async () => {
      expect(await alice.voice.listTtsVoices.query()).toEqual(VOICES);

      const png = await upload(gw.url, aliceToken, await redBluePng(), 'red-blue.png', 'image/png');
      expect(png.status).toBe(201);
      // Numbers go as numbers in tRPC and as strings in a query string; both mean the same page.
      expect(await alice.files.listFiles.query({ query: { page: 1, limit: 5 } })).toEqual(
        await restBody('/files?page=1&limit=5'),
      );
      expect(await alice.files.getFile.query({ params: { id: png.body.id } })).toEqual(
        await restBody(`/files/${png.body.id}`),
      );
      const analysis = await alice.images.getImageAnalysis.query({ params: { file_id: png.body.id } });
      expect(analysis).toMatchObject({ format: 'png', width: 200, height: 100 });
      expect(analysis).toEqual(await restBody(`/images/analyze/${png.body.id}`));
    });

    it('knowledge, memory, automation, notifications, reminders, briefings', async () => {
      const base = await alice.knowledge.createKnowledgeBase.mutate({ body: { name: '手册' } });
      await alice.knowledge.updateKnowledgeBase.mutate({
        params: { id: base.id },
        body: { name: '手册 v2', description: 'PUT 也是 mutation' },
      });
      expect(await alice.knowledge.getKnowledgeBase.query({ params: { id: base.id } })).toEqual(
        await restBody(`/knowledge/bases/${base.id}`),
      );
      expect(await alice.knowledge.listKnowledgeBases.query()).toMatchObject({
        knowledge_bases: [{ name: '手册 v2', description: 'PUT 也是 mutation' }],
        total: 1,
      });
      expect(await alice.memory.listMemory.query()).toEqual(await restBody('/memory'));
      expect(await alice.automation.listRules.query()).toEqual(await restBody('/automation/rules'));
      expect(await alice.notifications.listNotifications.query()).toEqual(await restBody('/notifications'));
      expect(await alice.reminders.listReminders.query()).toEqual(await restBody('/reminders'));
      expect(await alice.briefings.getBriefing.query({ query: { date: '2026-01-01' } })).toEqual({
        briefing: null,
        message: '当日简报尚未生成',
      });
    });

    it('admin and health', async () => {
      const admin = trpcClient(gw.url, adminToken);
      expect(await admin.admin.listModelProviders.query()).toEqual(
        await restBody('/admin/models/providers', adminToken),
      );
      // Public: no token needed.
      expect(await trpcClient(gw.url).health.getHealth.query()).toEqual({
        status: 'ok',
        service: 'cyrene-gateway',
        ws_connections: 0,
      });
    });
  });

  describe('the same auth guard', () => {
    it('answers 401 without a token, with the spec error body in data', async () => {
      const restAnswer = await rest('GET', '/sessions', undefined);
      const failure = await trpcFailure(trpcClient(gw.url).sessions.listSessions.query());
      expect(failure).toEqual({
        message: '未提供认证令牌',
        data: {
          ...(restAnswer.body as object),
          code: 'UNAUTHORIZED',
          httpStatus: 401,
          path: 'sessions.listSessions',
        },
      });
      expect(failure.data).toMatchObject({ error: '未提供认证令牌', errorType: 'unauthorized' });

      // On the wire: HTTP 401, as REST.
      const raw = await call<{ error: { data: unknown } }>(
        gw.url,
        'GET',
        `${TRPC_PATH}/sessions.listSessions`,
      );
      expect(raw.status).toBe(401);
      expect(raw.body.error.data).toEqual(failure.data);
    });

    it('answers 401 with the hint for a bad token', async () => {
      const failure = await trpcFailure(trpcClient(gw.url, 'not-a-jwt').auth.getProfile.query());
      expect(failure.data).toEqual({
        error: '认证令牌无效或已过期',
        errorType: 'unauthorized',
        hint: '请重新登录或调用 /api/v1/auth/refresh',
        code: 'UNAUTHORIZED',
        httpStatus: 401,
        path: 'auth.getProfile',
      });
    });

    it('answers 403 admin_only to a user on an admin route', async () => {
      const failure = await trpcFailure(alice.admin.listModelProviders.query());
      expect(failure).toEqual({
        message: '仅限管理员操作',
        data: {
          error: '仅限管理员操作',
          errorType: 'admin_only',
          code: 'FORBIDDEN',
          httpStatus: 403,
          path: 'admin.listModelProviders',
        },
      });
    });

    it('keeps users apart: B gets 404 on A’s session', async () => {
      const session = await alice.sessions.createSession.mutate({});
      const failure = await trpcFailure(
        trpcClient(gw.url, bobToken).sessions.getSession.query({ params: { id: session.id } }),
      );
      expect(failure.data).toEqual({
        error: '会话不存在',
        errorType: 'session_not_found',
        hint: '该会话可能已被删除或尚未创建',
        code: 'NOT_FOUND',
        httpStatus: 404,
        path: 'sessions.getSession',
      });
    });

    it('signs in through a public mutation, and reads headers from the HTTP request', async () => {
      const session = await trpcClient(gw.url).auth.login.mutate({ body: TEST_ADMIN });
      expect(session).toMatchObject({ user_id: 'admin', token: expect.any(String) });
      // auth.refresh takes the access token from the Authorization header, as over REST.
      const renewed = await trpcClient(gw.url, session.token).auth.refresh.mutate();
      expect(renewed).toEqual({
        token: expect.any(String),
        refresh_token: expect.any(String),
        expires: expect.any(Number),
      });
    });
  });

  describe('validation by the route’s own schemas', () => {
    it('answers 400 naming the field, with the body REST answers', async () => {
      const body = {
        username: 'carol',
        password: 'secret-carol',
        email: 'c@example.com',
        verify_code: '000000',
      };
      const restAnswer = await rest('POST', '/auth/register', undefined, body);
      // @ts-expect-error nickname is required by the contract
      const failure = await trpcFailure(trpcClient(gw.url).auth.register.mutate({ body }));
      expect(restAnswer.status).toBe(400);
      expect(failure).toEqual({
        message: '昵称长度需为 1-32 个字符',
        data: { ...(restAnswer.body as object), code: 'BAD_REQUEST', httpStatus: 400, path: 'auth.register' },
      });
      expect(failure.data?.hint).toContain('nickname');
    });

    it('checks query and params too', async () => {
      const tooMany = await trpcFailure(alice.files.listFiles.query({ query: { limit: 1000 } }));
      expect(tooMany.data).toMatchObject({
        error: '不能大于 100',
        errorType: 'validation_failed',
        httpStatus: 400,
      });
      expect(tooMany.data?.hint).toContain('limit');

      // @ts-expect-error params are required
      const noParams = await trpcFailure(alice.sessions.getSession.query({}));
      expect(noParams.data).toMatchObject({ error: '缺少必填字段: id', errorType: 'validation_failed' });
    });

    it('refuses input keys other than params, query and body', async () => {
      // @ts-expect-error not a part of a request
      const failure = await trpcFailure(alice.sessions.listSessions.query({ filter: 1 }));
      expect(failure.data).toMatchObject({
        error: '未知的请求参数: filter',
        errorType: 'validation_failed',
        code: 'BAD_REQUEST',
        httpStatus: 400,
      });
    });
  });

  it('answers each call of a batch on its own', async () => {
    const batch = trpcClient(gw.url, aliceToken, { batch: true });
    const [profile, admin] = await Promise.allSettled([
      batch.auth.getProfile.query(),
      batch.admin.listModelProviders.query(),
    ]);
    expect(profile).toMatchObject({ status: 'fulfilled', value: { user_id: 'user_alice' } });
    expect(admin).toMatchObject({
      status: 'rejected',
      reason: { message: '仅限管理员操作', data: { errorType: 'admin_only', httpStatus: 403 } },
    });
  });

  it('refuses a batch of more than TRPC_MAX_BATCH_SIZE (20) calls with 400, running none of them', async () => {
    const before = await restBody('/sessions');
    const batchOf = (n: number) =>
      call<Array<{ error?: { data: unknown }; result?: unknown }>>(
        gw.url,
        'POST',
        `${TRPC_PATH}/${Array.from({ length: n }, () => 'sessions.createSession').join(',')}?batch=1`,
        {
          token: aliceToken,
          body: Object.fromEntries(
            Array.from({ length: n }, (_, i) => [String(i), { body: { title: `b${i}` } }]),
          ),
        },
      );
    const refused = await batchOf(21);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('批量调用过多');
    const first = Array.isArray(refused.body) ? refused.body[0] : refused.body;
    expect((first as { error: { data: unknown } }).error.data).toMatchObject({
      error: '批量调用过多',
      errorType: 'validation_failed',
      httpStatus: 400,
    });
    expect(await restBody('/sessions')).toEqual(before);
    // Twenty is allowed, and all of them run.
    const allowed = await batchOf(20);
    expect(allowed.status).toBe(200);
    expect(allowed.body).toHaveLength(20);
  });

  it('has no procedure for webhooks, uploads or downloads', async () => {
    for (const path of [
      'webhooks.genericWebhook',
      'files.uploadFile',
      'files.downloadFile',
      'voice.synthesizeSpeech',
    ]) {
      const res = await call<{ error: { data: unknown } }>(gw.url, 'POST', `${TRPC_PATH}/${path}`, {
        token: aliceToken,
        body: {},
      });
      expect(res.status, path).toBe(404);
      expect(res.body.error.data).toMatchObject({
        error: '接口不存在',
        errorType: 'not_found',
        httpStatus: 404,
      });
    }
    // @ts-expect-error not in the router type either
    alice.files.uploadFile;
  });
});
