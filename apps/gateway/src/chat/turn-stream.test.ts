import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock';
import { createLogger } from '../logging/logger';
import type { SequencedFrame } from '../realtime/bus';
import type { LoggedFrame } from '../realtime/stream-log';
import { TurnStream, type TurnStreamDeps } from './turn-stream';

interface Harness {
  stream: TurnStream;
  /** [seq, except] per local delivery, in order. */
  delivered: Array<[number, string | undefined]>;
  stored: number[][];
  published: number[][];
  events: string[];
  extend: { calls: number; resolve(through: number | undefined): void };
}

function harness(firstSeq: number, reservedThrough: number, block: number): Harness {
  const h: Harness = {
    stream: undefined as unknown as TurnStream,
    delivered: [],
    stored: [],
    published: [],
    events: [],
    extend: { calls: 0, resolve: () => {} },
  };
  const deps: TurnStreamDeps = {
    hub: {
      deliverStream: (_s: string, seq: number, _json: string, except?: string) => {
        h.delivered.push([seq, except]);
      },
      publishStream: (_s: string, frames: SequencedFrame[]) => {
        h.published.push(frames.map((f) => f.seq));
        h.events.push(`publish ${frames.map((f) => f.seq).join(',')}`);
      },
    },
    streamLog: {
      append: async (_s: string, frames: LoggedFrame[]) => {
        h.stored.push(frames.map((f) => f.seq));
        h.events.push(`store ${frames.map((f) => f.seq).join(',')}`);
      },
    },
    clock: new ManualClock(0),
    log: createLogger('silent'),
    validate: true,
    block,
    pacing: { quietMs: 20, maxWaitMs: 20, maxBatch: 64 },
    extend: () => {
      h.extend.calls++;
      return new Promise((resolve) => {
        h.extend.resolve = resolve;
      });
    },
  };
  h.stream = new TurnStream('s1', firstSeq, reservedThrough, deps);
  return h;
}

const chunk = (content: string) => ({ type: 'stream_chunk' as const, message_id: '7', content });

describe('TurnStream', () => {
  it('numbers frames, sends them at once, stores them in a batch and only then publishes them', async () => {
    const h = harness(10, 100, 256);
    h.stream.emit(
      { type: 'stream_start', message_id: '7', role: 'assistant', response_mode: 'text' },
      'sender',
    );
    h.stream.emit(chunk('a'));
    h.stream.emit(chunk('b'));
    expect(h.delivered).toEqual([
      [10, 'sender'],
      [11, undefined],
      [12, undefined],
    ]);
    expect(h.stream.framesAfter(10).map((f) => f.seq)).toEqual([11, 12]);
    expect(await h.stream.close()).toBe(12);
    expect(h.events).toEqual(['store 10,11,12', 'publish 10,11,12']);
  });

  it('holds frames beyond the reserved seqs until the reservation grows, then sends them in order', async () => {
    const h = harness(1, 2, 4);
    for (const c of 'abcde') h.stream.emit(chunk(c));
    expect(h.delivered.map(([seq]) => seq)).toEqual([1, 2]);
    expect(h.extend.calls).toBe(1);
    h.extend.resolve(6);
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.delivered.map(([seq]) => seq)).toEqual([1, 2, 3, 4, 5]);
    const closing = h.stream.close();
    // seq 5 of 6 used: the next block is asked for ahead of need.
    h.extend.resolve(10);
    expect(await closing).toBe(5);
    expect(h.stored.flat()).toEqual([1, 2, 3, 4, 5]);
  });

  it('stops sending and storing once the turn lost its lock', async () => {
    const h = harness(1, 1, 4);
    h.stream.emit(chunk('a'));
    h.stream.emit(chunk('b'));
    h.extend.resolve(undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.stream.lost).toBe(true);
    h.stream.emit(chunk('c'));
    await h.stream.close();
    expect(h.delivered.map(([seq]) => seq)).toEqual([1]);
    expect(h.stored).toEqual([]);
  });
});
