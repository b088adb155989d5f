import {
  type FakeUpstream,
  pause,
  type SeenRequest,
  sse,
  startFakeUpstream,
  startSse,
} from '../chat-engine/fake-upstreams';

export interface FakeAiCoreState {
  /** ok: answers "收到: <message>"; fail: HTTP 500. */
  mode: 'ok' | 'fail';
  /** Wait this long before answering (a slow model). */
  delayMs: number;
}

/** AI-Core on a real loopback socket: streams "收到: " + the message, as SSE. */
export async function startFakeAiCore(): Promise<FakeUpstream & { state: FakeAiCoreState }> {
  const state: FakeAiCoreState = { mode: 'ok', delayMs: 0 };
  const upstream = await startFakeUpstream(async (req: SeenRequest, res) => {
    await pause(state.delayMs);
    if (state.mode === 'fail') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'model overloaded' }));
      return;
    }
    const { message } = req.body as { message: string };
    startSse(res);
    res.end(sse([{ delta: '收到: ' }, { delta: message }, { done: true, finish_reason: 'stop' }, '[DONE]']));
  });
  return Object.assign(upstream, { state });
}
