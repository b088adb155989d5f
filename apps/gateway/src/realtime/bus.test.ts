import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayDatabase } from '../db/database';
import { createLogger } from '../logging/logger';
import { createTestDatabase } from '../testing/test-database';
import type { Bus, BusMessage } from './bus';
import { InProcessBus, InProcessNetwork } from './in-process-bus';
import { PgBus } from './pg-bus';

const log = createLogger('silent');

/** Everything a bus node receives, with who sent it. */
function listen(bus: Bus): Array<{ message: BusMessage; from: string }> {
  const got: Array<{ message: BusMessage; from: string }> = [];
  bus.onMessage((message, from) => got.push({ message, from }));
  return got;
}

const turnEnded = (i: number): BusMessage => ({ kind: 'turn_ended', sessionId: `s${i}` });

describe('in-process bus', () => {
  it('delivers to the other nodes of its network, in order, never to the sender, later than publish', async () => {
    const network = new InProcessNetwork();
    const a = new InProcessBus(network, 'a');
    const b = new InProcessBus(network, 'b');
    const elsewhere = new InProcessBus(new InProcessNetwork(), 'elsewhere');
    const gotA = listen(a);
    const gotB = listen(b);
    const gotElsewhere = listen(elsewhere);
    await Promise.all([a.start(), b.start(), elsewhere.start()]);
    gotA.length = 0;
    for (let i = 0; i < 5; i++) a.publish(turnEnded(i));
    expect(gotB.filter((g) => g.message.kind === 'turn_ended')).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(gotB.filter((g) => g.message.kind === 'turn_ended')).toEqual(
      [0, 1, 2, 3, 4].map((i) => ({ message: turnEnded(i), from: a.nodeId })),
    );
    expect(gotA).toEqual([]);
    expect(gotElsewhere.filter((g) => g.message.kind === 'turn_ended')).toEqual([]);
    await b.close();
    a.publish(turnEnded(9));
    await new Promise((resolve) => setImmediate(resolve));
    expect(gotB.some((g) => g.message.kind === 'turn_ended' && g.message.sessionId === 's9')).toBe(false);
  });

  it('announces a new node with hello', async () => {
    const network = new InProcessNetwork();
    const a = new InProcessBus(network, 'a');
    const gotA = listen(a);
    await a.start();
    const b = new InProcessBus(network, 'b');
    await b.start();
    await new Promise((resolve) => setImmediate(resolve));
    expect(gotA).toEqual([{ message: { kind: 'hello' }, from: b.nodeId }]);
  });
});

describe.runIf(process.env.DATABASE_URL)('PostgreSQL LISTEN/NOTIFY bus', () => {
  let database: GatewayDatabase;
  let a: PgBus;
  let b: PgBus;

  beforeAll(async () => {
    database = await createTestDatabase();
    const url = database.url ?? '';
    a = new PgBus(url, database.db, log, 'a');
    b = new PgBus(url, database.db, log, 'b');
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await database.close();
  });

  it('batches small messages, sends a large one by reference, keeps the order, skips its own', async () => {
    const gotA = listen(a);
    const gotB = listen(b);
    await a.start();
    await b.start();
    const big: BusMessage = {
      kind: 'stream',
      sessionId: 'big',
      frames: [{ type: 'stream_end', seq: 1, text: '长'.repeat(20_000) } as { type: string; seq: number }],
    };
    const sent: BusMessage[] = [...Array.from({ length: 300 }, (_, i) => turnEnded(i)), big, turnEnded(300)];
    for (const m of sent) a.publish(m);
    await expect.poll(() => gotB.filter((g) => g.message.kind !== 'hello').length).toBe(sent.length);
    expect(gotB.filter((g) => g.message.kind !== 'hello').map((g) => g.message)).toEqual(sent);
    expect(gotB.every((g) => g.from === a.nodeId)).toBe(true);
    expect(gotA.filter((g) => g.from === a.nodeId)).toEqual([]);
    const stored = await database.db.selectFrom('bus_payloads').select('id').execute();
    expect(stored).toHaveLength(1);
  });
});
