import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedUpgrade, TestSocket } from '../chat/testing/test-socket';
import { ManualClock } from '../clock/manual-clock';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { signInTestAdmin } from '../testing/users';

/*
 * WS_MAX_CONNECTIONS_PER_USER and WS_MAX_FRAMES_PER_SECOND: a leaked or runaway client cannot
 * hold unbounded sockets or make the gateway handle unbounded frames. Time is the manual clock.
 */
describe('WebSocket limits per user and per connection', () => {
  let gw: TestGateway;
  let admin: string;
  const clock = new ManualClock(new Date('2026-03-01T10:00:00Z'));
  const sockets: TestSocket[] = [];
  const open = async () => {
    const socket = await TestSocket.open(gw.url, { token: admin });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    gw = await startTestGateway({
      clock,
      env: { WS_MAX_CONNECTIONS_PER_USER: '2', WS_MAX_FRAMES_PER_SECOND: '5' },
    });
    admin = (await signInTestAdmin(gw)).token;
  });
  afterAll(async () => {
    for (const s of sockets) s.ws.terminate();
    await gw.close();
  });

  it('refuses a connection over WS_MAX_CONNECTIONS_PER_USER with 429 before the upgrade, and takes one again after a close', async () => {
    const first = await open();
    await open();
    const refused = await refusedUpgrade(gw.url, { token: admin });
    expect(refused).toEqual({
      status: 429,
      body: {
        error: 'WebSocket 连接数过多 (每个用户最多 2 个)',
        errorType: 'rate_limited',
        hint: '请关闭不再使用的连接后重试',
      },
    });
    await first.close();
    await expect
      .poll(async () =>
        TestSocket.open(gw.url, { token: admin }).then(
          (s) => {
            sockets.push(s);
            return 'open';
          },
          () => 'refused',
        ),
      )
      .toBe('open');
    for (const s of sockets.splice(0)) await s.close();
  });

  it('drops frames over WS_MAX_FRAMES_PER_SECOND (a burst of twice that), saying so once with an error frame', async () => {
    const socket = await open();
    for (let i = 0; i < 13; i++) socket.send({ type: 'ping', timestamp: i });
    const error = await socket.next('error');
    expect(error).toEqual({
      type: 'error',
      error: '发送过于频繁,超出的消息已丢弃 (每秒最多 5 条)',
      errorType: 'rate_limited',
      timestamp: clock.now().getTime(),
    });
    // A second later the budget has five frames again.
    clock.advance(1_000);
    socket.send({ type: 'ping' });
    const late = clock.now().getTime();
    await socket.next('pong', (f) => f.timestamp === late);
    const pongs = socket.frames.filter((f) => f.type === 'pong');
    // The ten of the burst and the late one: the three frames over the budget were never handled.
    expect(pongs).toHaveLength(11);
    expect(socket.frames.filter((f) => f.type === 'error')).toHaveLength(1);
  });
});
