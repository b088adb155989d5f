import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestSocket } from '../chat/testing/test-socket';
import { capturedLogger } from '../testing/captured-logger';
import type { FakeUpstream } from '../testing/fake-upstream';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { signInTestAdmin } from '../testing/users';
import { FAKE_USAGE, routeChatTo, startFakeProvider } from './testing/fake-provider';
import { type ReceivedSpan, startOtlpReceiver } from './testing/otlp-receiver';

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;
const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

describe('traces over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let provider: FakeUpstream;
  let gw: TestGateway;
  let socket: TestSocket;
  const logs = capturedLogger();
  const bspDelay = process.env.OTEL_BSP_SCHEDULE_DELAY;

  /** Waits until the receiver has a span matching `match` (spans are exported in batches). */
  const spanWhere = async (match: (s: ReceivedSpan) => boolean): Promise<ReceivedSpan> => {
    await vi.waitFor(() => expect(receiver.spans.some(match)).toBe(true), { timeout: 15_000 });
    return receiver.spans.find(match) as ReceivedSpan;
  };
  const childrenOf = (span: ReceivedSpan) => receiver.spans.filter((s) => s.parentSpanId === span.spanId);

  beforeAll(async () => {
    // A standard OTEL_* variable, read by the SDK itself: export every 50 ms instead of 5 s.
    process.env.OTEL_BSP_SCHEDULE_DELAY = '50';
    receiver = await startOtlpReceiver();
    provider = await startFakeProvider();
    gw = await startTestGateway({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'gateway-under-test' },
      log: logs.log,
    });
    await routeChatTo(await signInTestAdmin(gw), provider);
  });
  afterAll(async () => {
    socket?.ws.close();
    await gw?.close();
    await provider?.close();
    await receiver?.close();
    if (bspDelay === undefined) delete process.env.OTEL_BSP_SCHEDULE_DELAY;
    else process.env.OTEL_BSP_SCHEDULE_DELAY = bspDelay;
  });

  it('continues an incoming traceparent in a span named by the contract route, and logs and answers its trace id', async () => {
    const res = await call(gw.url, 'GET', '/api/v1/sessions/session_nobody_has', {
      token: (await signInTestAdmin(gw)).token,
      headers: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` },
    });
    expect(res.status).toBe(404);
    // No x-request-id was given: the request id is the trace id, so a reported id finds the trace.
    expect(res.headers.get('x-request-id')).toBe(CALLER_TRACE);

    const server = await spanWhere((s) => s.traceId === CALLER_TRACE && s.kind === SPAN_KIND_SERVER);
    expect(server).toMatchObject({
      name: 'GET /api/v1/sessions/:id',
      parentSpanId: CALLER_SPAN,
      serviceName: 'gateway-under-test',
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/api/v1/sessions/:id',
        'http.response.status_code': 404,
        'cyrene.request_id': CALLER_TRACE,
      },
    });
    // Its database queries are its children.
    expect(childrenOf(server).map((s) => s.name)).toContain('db SELECT');
    const requestLine = logs.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'request' && l.reqId === CALLER_TRACE);
    expect(requestLine).toMatchObject({ trace_id: CALLER_TRACE, span_id: server.spanId });
    expect(receiver.contentTypes[0]).toBe('application/json');
  });

  it('gives a chat turn its span, with one GenAI child per attempt and the provider call under it', async () => {
    const admin = await signInTestAdmin(gw);
    socket = await TestSocket.open(gw.url, { token: admin.token, query: { session_id: 'session_traced' } });
    socket.send({ type: 'message', content: '今天天气怎么样?' });
    await socket.next('stream_end');

    const turn = await spanWhere((s) => s.name === 'chat turn');
    const frame = await spanWhere((s) => s.spanId === turn.parentSpanId);
    expect(frame).toMatchObject({ name: 'ws message', attributes: { 'cyrene.ws.frame_type': 'message' } });
    expect(turn.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'cyrene.chat.door': 'websocket',
      'cyrene.chat.outcome': 'ok',
    });

    const attempt = await spanWhere((s) => s.parentSpanId === turn.spanId);
    expect(childrenOf(turn)).toHaveLength(1);
    expect(attempt).toMatchObject({
      name: 'chat small',
      kind: SPAN_KIND_CLIENT,
      traceId: turn.traceId,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': 'fake',
        'gen_ai.request.model': 'small',
        'gen_ai.usage.input_tokens': FAKE_USAGE.prompt_tokens,
        'gen_ai.usage.output_tokens': FAKE_USAGE.completion_tokens,
        'gen_ai.response.finish_reasons': ['stop'],
      },
    });

    const outbound = await spanWhere((s) => s.parentSpanId === attempt.spanId);
    expect(outbound).toMatchObject({
      name: 'POST',
      kind: SPAN_KIND_CLIENT,
      attributes: { 'url.full': `${provider.url}/v1/chat/completions`, 'http.response.status_code': 200 },
    });
    // The provider got the trace too, as a child of the outbound span.
    const seen = provider.requests.at(-1);
    expect(seen?.headers.traceparent).toBe(`00-${turn.traceId}-${outbound.spanId}-01`);
  });

  it('traces job runs', async () => {
    const job = await spanWhere((s) => s.name === 'job briefing.sweep');
    expect(job.attributes).toMatchObject({ 'cyrene.job.kind': 'briefing.sweep' });
    expect(childrenOf(job).some((s) => s.name.startsWith('db '))).toBe(true);
  });
});
