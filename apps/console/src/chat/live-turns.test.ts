import type { Message } from '@cyrene/sdk';
import { describe, expect, it } from 'vitest';
import {
  type LiveTurn,
  type OwnTurnEvent,
  ownTurnsReducer,
  type RemoteTurnEvent,
  remoteTurnsReducer,
  storedNotLive,
  visibleTurns,
} from './live-turns';

const play = (events: OwnTurnEvent[], from: LiveTurn[] = []) => events.reduce(ownTurnsReducer, from);
const playRemote = (events: RemoteTurnEvent[]) =>
  events.reduce(remoteTurnsReducer, new Map() as ReadonlyMap<string, LiveTurn>);

const asked = (key: string, question: string, at = 1_000, afterId = 10): OwnTurnEvent => ({
  type: 'asked',
  key,
  question,
  at,
  afterId,
});

describe('ownTurnsReducer: a reply asked here', () => {
  it('shows the question at once, waiting', () => {
    expect(play([asked('t1', '你好')])).toEqual([
      { key: 't1', question: '你好', askedAt: 1_000, text: '', status: 'waiting', afterId: 10 },
    ]);
  });

  it('streams the answer chunk by chunk, then keeps the whole text the reply ended with', () => {
    const turns = play([
      asked('t1', '你好'),
      { type: 'chunk', key: 't1', messageId: 'm1', text: '你' },
      { type: 'chunk', key: 't1', messageId: 'm1', text: '好' },
    ]);
    expect(turns[0]).toMatchObject({ status: 'streaming', messageId: 'm1', text: '你好' });
    const ended = play(
      [
        { type: 'ended', key: 't1', text: '你好!', interrupted: true },
        { type: 'done', key: 't1' },
      ],
      turns,
    );
    expect(ended[0]).toMatchObject({ status: 'done', text: '你好!', interrupted: true });
  });

  it('a settled turn gives way to the stored messages; the others stay', () => {
    const turns = play([asked('t1', '一', 1), asked('t2', '二', 2), { type: 'settled', key: 't1' }]);
    expect(turns.map((t) => t.key)).toEqual(['t2']);
  });

  it('a failure keeps the text so far and says why; a retry starts over from waiting', () => {
    const failed = play([
      asked('t1', '你好'),
      { type: 'chunk', key: 't1', messageId: 'm1', text: '半' },
      { type: 'failed', key: 't1', error: 'AI 服务暂不可用' },
    ]);
    expect(failed[0]).toMatchObject({ status: 'failed', text: '半', error: 'AI 服务暂不可用' });
    const retried = play([{ type: 'retried', key: 't1', at: 5_000 }], failed);
    expect(retried[0]).toMatchObject({ status: 'waiting', text: '', error: undefined, askedAt: 5_000 });
  });

  it('a new question drops the failed turns not retried (their question is stored)', () => {
    const turns = play([
      asked('t1', '一'),
      { type: 'failed', key: 't1', error: 'x' },
      asked('t2', '二', 2_000),
    ]);
    expect(turns.map((t) => t.key)).toEqual(['t2']);
  });

  it('events for a turn that is gone change nothing', () => {
    const turns = play([asked('t1', '一')]);
    expect(play([{ type: 'chunk', key: 'other', messageId: 'm', text: 'x' }], turns)).toEqual(turns);
  });
});

describe('remoteTurnsReducer: a reply another device asked for', () => {
  it('starts empty and streaming, grows by chunks, and ends with the whole text', () => {
    const started = playRemote([
      { type: 'stream_start', messageId: 'm1', at: 7 },
      { type: 'stream_chunk', messageId: 'm1', content: '在' },
      { type: 'stream_chunk', messageId: 'm1', content: '吗' },
    ]);
    expect(started.get('m1')).toEqual({
      key: 'remote-m1',
      askedAt: 7,
      messageId: 'm1',
      text: '在吗',
      status: 'streaming',
      afterId: Number.POSITIVE_INFINITY,
    });
    const ended = remoteTurnsReducer(started, { type: 'stream_end', messageId: 'm1', text: '在吗?' });
    expect(ended.get('m1')).toMatchObject({ status: 'done', text: '在吗?' });
  });

  it('an error frame ends it with the text so far', () => {
    const turns = playRemote([
      { type: 'stream_start', messageId: 'm1', at: 7 },
      { type: 'stream_chunk', messageId: 'm1', content: '半' },
      { type: 'stream_end', messageId: 'm1' },
    ]);
    expect(turns.get('m1')).toMatchObject({ status: 'done', text: '半' });
  });

  it('is gone once stored; frames of a reply it never saw start change nothing (same map)', () => {
    const turns = playRemote([
      { type: 'stream_start', messageId: 'm1', at: 7 },
      { type: 'gone', messageId: 'm1' },
    ]);
    expect(turns.size).toBe(0);
    for (const event of [
      { type: 'stream_chunk', messageId: 'm9', content: 'x' },
      { type: 'stream_end', messageId: 'm9' },
      { type: 'gone', messageId: 'm9' },
    ] as const)
      expect(remoteTurnsReducer(turns, event)).toBe(turns);
  });
});

describe('what the conversation shows', () => {
  const turn = (key: string, askedAt: number, extra: Partial<LiveTurn> = {}): LiveTurn => ({
    key,
    askedAt,
    text: '',
    status: 'streaming',
    afterId: Number.POSITIVE_INFINITY,
    ...extra,
  });

  it('own and followed remote turns in the order they were asked; remote ones only while following', () => {
    const own = [turn('own', 2, { question: 'q', afterId: 5 })];
    const remote = [turn('remote', 1, { messageId: '9' })];
    expect(visibleTurns(own, remote, true).map((t) => t.key)).toEqual(['remote', 'own']);
    expect(visibleTurns(own, remote, false).map((t) => t.key)).toEqual(['own']);
  });

  it('hides stored messages a live turn already shows: newer than an own turn, or a remote reply', () => {
    const message = (id: number) => ({ id }) as Message;
    const turns = [turn('own', 1, { question: 'q', afterId: 3 }), turn('remote', 2, { messageId: '2' })];
    expect(storedNotLive([1, 2, 3, 4, 5].map(message), turns).map((m) => m.id)).toEqual([1, 3]);
    expect(storedNotLive([1, 2].map(message), []).map((m) => m.id)).toEqual([1, 2]);
  });
});
