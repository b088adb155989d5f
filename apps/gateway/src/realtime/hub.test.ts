import { afterEach, describe, expect, it } from 'vitest';
import type { SequencedFrame } from './bus';
import { ConnectionHub, type HubConnection, type StreamGapSource } from './hub';
import { InProcessBus, InProcessNetwork } from './in-process-bus';

/** A connection that records what it got, skipping seqs it already has (as WsConnection does). */
class FakeConnection implements HubConnection {
  readonly got: unknown[] = [];
  private last = new Map<string, number>();
  constructor(
    readonly id: string,
    readonly userId: string,
    readonly sessionId: string,
  ) {}
  sendJson(json: string): void {
    this.got.push(JSON.parse(json));
  }
  sendSequenced(sessionId: string, seq: number, json: string): void {
    if (seq <= (this.last.get(sessionId) ?? 0)) return;
    this.last.set(sessionId, seq);
    this.sendJson(json);
  }
}

const frame = (seq: number): SequencedFrame => ({ type: 'stream_chunk', seq });

describe('ConnectionHub', () => {
  const hubs: ConnectionHub[] = [];
  afterEach(async () => {
    for (const hub of hubs.splice(0)) await hub.disconnect();
  });

  async function pair(gaps: StreamGapSource = { framesBetween: async () => [] }) {
    const network = new InProcessNetwork();
    const a = new ConnectionHub();
    const b = new ConnectionHub();
    hubs.push(a, b);
    await a.connect(new InProcessBus(network, 'a'), gaps, { aliveIntervalMs: 1_000 });
    await b.connect(new InProcessBus(network, 'b'), gaps, { aliveIntervalMs: 1_000 });
    return { a, b };
  }

  it('groups connections per user and per followed session, and counts them', () => {
    const hub = new ConnectionHub();
    const one = new FakeConnection('1', 'admin', 's1');
    const two = new FakeConnection('2', 'admin', 's2');
    hub.add(one);
    hub.add(two);
    hub.follow(two, 's1');
    expect(hub.count()).toBe(2);
    expect(hub.sendToSession('s1', { type: 'x' })).toBe(2);
    expect(hub.sendToSession('s2', { type: 'x' })).toBe(1);
    hub.remove(two);
    expect(hub.sendToSession('s1', { type: 'x' })).toBe(1);
    expect(hub.count()).toBe(1);
    expect(hub.online('admin')).toBe(true);
    hub.remove(one);
    expect(hub.online('admin')).toBe(false);
  });

  it('delivers sendToUser and sendToSession on every instance', async () => {
    const { a, b } = await pair();
    const onB = new FakeConnection('b1', 'admin', 's1');
    b.add(onB);
    expect(a.sendToUser('admin', { type: 'notification' })).toBe(0);
    a.sendToSession('s1', { type: 'system_info' });
    a.sendToSession('other', { type: 'system_info' });
    await expect.poll(() => onB.got).toEqual([{ type: 'notification' }, { type: 'system_info' }]);
  });

  it('knows who is online on the other instances, and forgets an instance that says bye', async () => {
    const { a, b } = await pair();
    const conn = new FakeConnection('b1', 'user_alice', 's1');
    b.add(conn);
    await expect.poll(() => a.online('user_alice')).toBe(true);
    b.remove(conn);
    await expect.poll(() => a.online('user_alice')).toBe(false);
    b.add(conn);
    await expect.poll(() => a.online('user_alice')).toBe(true);
    await b.disconnect();
    await expect.poll(() => a.online('user_alice')).toBe(false);
  });

  it('tells a newcomer who is connected', async () => {
    const network = new InProcessNetwork();
    const gaps = { framesBetween: async () => [] };
    const a = new ConnectionHub();
    hubs.push(a);
    await a.connect(new InProcessBus(network, 'a'), gaps, { aliveIntervalMs: 1_000 });
    a.add(new FakeConnection('a1', 'user_bob', 's1'));
    const late = new ConnectionHub();
    hubs.push(late);
    await late.connect(new InProcessBus(network, 'late'), gaps, { aliveIntervalMs: 1_000 });
    await expect.poll(() => late.online('user_bob')).toBe(true);
  });

  it('refills from the stream log a gap in the frames that came over the bus', async () => {
    const asked: Array<[string, number, number]> = [];
    const { a, b } = await pair({
      framesBetween: async (sessionId, after, through) => {
        asked.push([sessionId, after, through]);
        return [frame(3), frame(4)];
      },
    });
    const onB = new FakeConnection('b1', 'admin', 's1');
    b.add(onB);
    a.publishStream('s1', [frame(1), frame(2)]);
    await expect.poll(() => onB.got).toEqual([frame(1), frame(2)]);
    // A notification lost on the way: seqs 3 and 4 never arrive over the bus.
    a.publishStream('s1', [frame(5)]);
    a.publishStream('s1', [frame(5), frame(6)]);
    await expect.poll(() => onB.got).toEqual([1, 2, 3, 4, 5, 6].map(frame));
    expect(asked).toEqual([['s1', 2, 4]]);
  });
});
