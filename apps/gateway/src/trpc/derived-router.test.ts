import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { c, contract, meta } from '@cyrene/contracts';
import type { TrpcRouterFor } from '@cyrene/contracts/trpc';
import { createTRPCClient, httpLink } from '@trpc/client';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '../http/api-error';
import { principalOf } from '../http/principal';
import { s } from '../http/server';
import { routeImplementations } from '../routes';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser } from '../testing/users';
import { trpcMiddleware } from './middleware';
import { linkOptions, trpcFailure } from './testing/client';

/*
 * Adding a route to the contract is all it takes: the same builder, given a contract extended
 * here with a new domain and that domain's implementation, serves the new procedures.
 */
const notesContract = c.router({
  saveNote: {
    method: 'PUT',
    path: '/api/v1/notes/:id',
    pathParams: z.object({ id: z.string().regex(/^n\d+$/, '笔记编号无效') }),
    body: z.object({ text: z.string().min(1, '笔记不能为空') }),
    responses: { 200: z.object({ id: z.string(), text: z.string(), owner: z.string() }) },
    metadata: meta({ auth: 'user' }),
  },
  greet: {
    method: 'GET',
    path: '/api/v1/notes/greeting',
    query: z.object({ name: z.string().default('世界') }),
    responses: { 200: z.object({ greeting: z.string() }) },
    metadata: meta({ auth: 'public' }),
  },
  closed: {
    method: 'POST',
    path: '/api/v1/notes/closed',
    body: c.noBody(),
    responses: { 200: z.object({ ok: z.literal(true) }) },
    metadata: meta({ auth: 'public' }),
  },
});
const extended = { ...contract, notes: notesContract };

describe('a tRPC router built from an extended contract', () => {
  let gw: TestGateway;
  let server: Server;
  let url: string;
  let token: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    token = (await registerTestUser(gw, 'alice')).token;
    const implementations = {
      ...routeImplementations(gw.ctx, gw.services),
      notes: s.router(notesContract, {
        saveNote: async ({ params, body, req }) => ({
          status: 200,
          body: { id: params.id, text: body.text, owner: principalOf(req).userId },
        }),
        greet: async ({ query }) => ({ status: 200, body: { greeting: `你好,${query.name}` } }),
        // Route middleware runs before the handler, as over REST.
        closed: {
          middleware: [(_req, _res, next) => next(new ApiError('forbidden', '暂不开放'))],
          handler: async () => ({ status: 200, body: { ok: true } }),
        },
      }),
    };
    const app = express();
    app.use(express.json());
    app.use(
      '/trpc',
      trpcMiddleware(extended, implementations, { ...gw.ctx, maxBatchSize: gw.config.trpcMaxBatchSize }),
    );
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await gw?.close();
  });

  const clientOf = (token?: string) =>
    createTRPCClient<TrpcRouterFor<typeof extended>>({ links: [httpLink(linkOptions(url, token))] });

  it('serves the new routes as procedures, typed from the contract', async () => {
    const client = clientOf(token);
    const saved = await client.notes.saveNote.mutate({ params: { id: 'n1' }, body: { text: '买牛奶' } });
    expect(saved).toEqual({ id: 'n1', text: '买牛奶', owner: 'user_alice' });
    // The output type is the route's 200 schema.
    const owner: string = saved.owner;
    expect(owner).toBe('user_alice');

    expect(await client.notes.greet.query()).toEqual({ greeting: '你好,世界' });
    expect(await client.notes.greet.query({ query: { name: '小明' } })).toEqual({ greeting: '你好,小明' });

    // @ts-expect-error text must be a string
    const wrongType = client.notes.saveNote.mutate({ params: { id: 'n1' }, body: { text: 5 } });
    expect((await trpcFailure(wrongType)).data).toMatchObject({
      httpStatus: 400,
      errorType: 'validation_failed',
    });
  });

  it('keeps every procedure of the contract it extends', async () => {
    const client = clientOf(token);
    expect(await client.auth.getProfile.query()).toMatchObject({ user_id: 'user_alice' });
  });

  it('applies the new route’s auth, schemas and middleware', async () => {
    const anonymous = clientOf();
    expect(
      (await trpcFailure(anonymous.notes.saveNote.mutate({ params: { id: 'n1' }, body: { text: 'x' } })))
        .data,
    ).toMatchObject({ httpStatus: 401, errorType: 'unauthorized', path: 'notes.saveNote' });

    const client = clientOf(token);
    const invalid = await trpcFailure(
      client.notes.saveNote.mutate({ params: { id: 'x' }, body: { text: '' } }),
    );
    expect(invalid.data).toMatchObject({
      error: '笔记编号无效',
      errorType: 'validation_failed',
      hint: 'id: 笔记编号无效; text: 笔记不能为空',
    });

    expect((await trpcFailure(client.notes.closed.mutate())).data).toEqual({
      error: '暂不开放',
      errorType: 'forbidden',
      code: 'FORBIDDEN',
      httpStatus: 403,
      path: 'notes.closed',
    });
  });
});
