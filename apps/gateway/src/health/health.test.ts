import { afterEach, describe, expect, it } from 'vitest';
import { openPostgres } from '../db/database';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';

describe('§16 health', () => {
  let gw: TestGateway;
  afterEach(() => gw.close());

  it('GET /health answers exactly the spec body, without auth', async () => {
    gw = await startTestGateway();
    const res = await call(gw.url, 'GET', '/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', service: 'cyrene-gateway', ws_connections: 0 });
  });

  it('GET /health/ready is 200 while the database answers', async () => {
    gw = await startTestGateway();
    const res = await call(gw.url, 'GET', '/api/v1/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', database: gw.database.engine });
  });

  it('GET /health/ready is 503 when the database server does not answer, and the gateway keeps serving', async () => {
    // Port 1 on loopback: nothing listens there, as when the PostgreSQL server is down.
    gw = await startTestGateway({ database: openPostgres('postgres://cyrene@127.0.0.1:1/cyrene', 1) });
    const res = await call(gw.url, 'GET', '/api/v1/health/ready');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      error: '数据库不可用',
      errorType: 'service_unavailable',
      hint: expect.any(String),
    });
    expect((await call(gw.url, 'GET', '/api/v1/health')).status).toBe(200);
  });

  it('GET /health/ready is 503 once the embedded database is closed', async () => {
    gw = await startTestGateway();
    await gw.database.close();
    expect((await call(gw.url, 'GET', '/api/v1/health/ready')).status).toBe(503);
  });
});
