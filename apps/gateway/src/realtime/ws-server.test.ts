import type { NotificationFrame } from '@cyrene/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSocket } from '../chat/testing/test-socket';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { signInTestAdmin } from '../testing/users';
import { CLOSE_TOO_SLOW } from './ws-connection';

const health = async (gw: TestGateway) =>
  (await call<{ ws_connections: number }>(gw.url, 'GET', '/api/v1/health')).body.ws_connections;

async function gatewayWith(env: Record<string, string>): Promise<{ gw: TestGateway; admin: string }> {
  const gw = await startTestGateway({ env });
  return { gw, admin: (await signInTestAdmin(gw)).token };
}

describe('WebSocket heartbeat', () => {
  let gw: TestGateway;
  let admin: string;

  beforeAll(async () => {
    ({ gw, admin } = await gatewayWith({ WS_HEARTBEAT_MS: '250' }));
  });
  afterAll(() => gw.close());

  it('closes a connection that stops answering pings, and keeps one that answers', async () => {
    const dead = await TestSocket.open(gw.url, { token: admin, autoPong: false });
    const alive = await TestSocket.open(gw.url, { token: admin });
    expect((await dead.closed).code).toBe(1006);
    // Several more heartbeat periods, each answered: the live connection stays.
    const pingsSoFar = alive.pings;
    await expect.poll(() => alive.pings, { timeout: 10_000 }).toBeGreaterThanOrEqual(pingsSoFar + 2);
    expect(alive.ws.readyState).toBe(alive.ws.OPEN);
    await expect.poll(() => health(gw)).toBe(1);
    await alive.close();
  });
});

describe('WebSocket backpressure', () => {
  let gw: TestGateway;
  let admin: string;

  beforeAll(async () => {
    ({ gw, admin } = await gatewayWith({ WS_MAX_BUFFERED_BYTES: '65536' }));
  });
  afterAll(() => gw.close());

  it('drops a client that cannot keep up (close 1013) instead of buffering without bound', async () => {
    const slow = await TestSocket.open(gw.url, { token: admin, query: { session_id: 'session_slow0001' } });
    slow.ws.pause();
    const frame: NotificationFrame = {
      type: 'notification',
      notification: {
        id: 'big',
        type: 'info',
        title: '大',
        body: 'x'.repeat(100_000),
        timestamp: '2026-01-01T00:00:00Z',
        data: {},
      },
      timestamp: 1,
    };
    // 30 MB at once: far more than the socket buffers hold, so the rest would pile up in the gateway.
    for (let i = 0; i < 300; i++) gw.ctx.hub.sendToUser('admin', frame);
    expect(gw.ctx.hub.count()).toBe(0);
    slow.ws.resume();
    expect(await slow.closed).toEqual({ code: CLOSE_TOO_SLOW, reason: 'client too slow' });
    expect(slow.frames.length).toBeLessThan(300);
  });
});
