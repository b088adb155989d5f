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
const SPAN_STATUS_ERROR = 2;
const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const SOCKET_TRACE = '0af7651916cd43dd8448eb211c80319c';
const SOCKET_SPAN = 'b7ad6b7169203331';
const FAILING_TRACE = '5e0c63257de34c92bf9efcd03927272e';

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

  it("continues a WebSocket upgrade's traceparent: the connection's frames and their chat turns join that trace", async () => {
    const admin = await signInTestAdmin(gw);
    const traced = await TestSocket.open(gw.url, {
      token: admin.token,
      query: { session_id: 'session_traced_socket' },
      headers: { traceparent: `00-${SOCKET_TRACE}-${SOCKET_SPAN}-01` },
    });
    try {
      traced.send({ type: 'message', content: '明天呢?' });
      await traced.next('stream_end');
      const frame = await spanWhere((s) => s.name === 'ws message' && s.traceId === SOCKET_TRACE);
      expect(frame.parentSpanId).toBe(SOCKET_SPAN);
      const turn = await spanWhere((s) => s.name === 'chat turn' && s.parentSpanId === frame.spanId);
      expect(turn.traceId).toBe(SOCKET_TRACE);
    } finally {
      traced.ws.close();
    }
  });

  it('ends the span of a failed query with error status, and the request goes on', async () => {
    const admin = await signInTestAdmin(gw);
    const rule = {
      name: 'webhook rule',
      trigger_type: 'webhook',
      trigger_config: { key: 't'.repeat(20) },
      actions: { steps: [{ type: 'notify', title: 'hi', body: 'there' }] },
    };
    expect((await admin.api('POST', '/automation/rules', rule)).status).toBe(201);
    // The second rule's INSERT breaks the webhook key's unique constraint: the route answers 409.
    const again = await call(gw.url, 'POST', '/api/v1/automation/rules', {
      token: admin.token,
      body: rule,
      headers: { traceparent: `00-${FAILING_TRACE}-${CALLER_SPAN}-01` },
    });
    expect(again.status).toBe(409);

    const server = await spanWhere((s) => s.traceId === FAILING_TRACE && s.kind === SPAN_KIND_SERVER);
    expect(server.attributes['http.response.status_code']).toBe(409);
    const failed = await spanWhere(
      (s) => s.traceId === FAILING_TRACE && s.status?.code === SPAN_STATUS_ERROR,
    );
    expect(failed).toMatchObject({
      name: 'db INSERT',
      kind: SPAN_KIND_CLIENT,
      attributes: {
        'db.operation.name': 'INSERT',
        'error.type': '23505',
        'db.response.status_code': '23505',
      },
    });
    // A child of the request that ran it.
    expect(failed.parentSpanId).toBe(server.spanId);
  });

  it('traces job runs', async () => {
    const job = await spanWhere((s) => s.name === 'job briefing.sweep');
    expect(job.attributes).toMatchObject({ 'cyrene.job.kind': 'briefing.sweep' });
    expect(childrenOf(job).some((s) => s.name.startsWith('db '))).toBe(true);
  });
});

describe('the sampler the standard variables name (OTEL_TRACES_SAMPLER=parentbased_traceidratio)', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let provider: FakeUpstream;
  let gw: TestGateway;
  const saved = {
    OTEL_BSP_SCHEDULE_DELAY: process.env.OTEL_BSP_SCHEDULE_DELAY,
    OTEL_TRACES_SAMPLER: process.env.OTEL_TRACES_SAMPLER,
    OTEL_TRACES_SAMPLER_ARG: process.env.OTEL_TRACES_SAMPLER_ARG,
  };
  const SAMPLED_TRACE = '6e0c63257de34c92bf9efcd03927272f';

  beforeAll(async () => {
    // Read by the SDK itself when the gateway starts: no new trace is kept; a caller's decision is.
    Object.assign(process.env, {
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0',
    });
    receiver = await startOtlpReceiver();
    provider = await startFakeProvider();
    gw = await startTestGateway({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
    await routeChatTo(await signInTestAdmin(gw), provider);
  });
  afterAll(async () => {
    await gw?.close();
    await provider?.close();
    await receiver?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('exports only the traces it keeps; a dropped one still tells the upstream it was dropped', async () => {
    const admin = await signInTestAdmin(gw);
    const socket = await TestSocket.open(gw.url, {
      token: admin.token,
      query: { session_id: 'session_unsampled' },
    });
    try {
      socket.send({ type: 'message', content: '今天天气怎么样?' });
      await socket.next('stream_end');
    } finally {
      socket.ws.close();
    }
    // The turn's trace was dropped: the provider got its traceparent with the sampled flag off.
    expect(provider.requests.at(-1)?.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    await call(gw.url, 'GET', '/api/v1/sessions/session_nobody_has', { token: admin.token });

    // The caller kept this one: it is exported, its query with it.
    await call(gw.url, 'GET', '/api/v1/sessions/session_nobody_has', {
      token: admin.token,
      headers: { traceparent: `00-${SAMPLED_TRACE}-${CALLER_SPAN}-01` },
    });
    await vi.waitFor(
      () =>
        expect(receiver.spans.filter((s) => s.traceId === SAMPLED_TRACE).map((s) => s.name)).toContain(
          'db SELECT',
        ),
      { timeout: 15_000 },
    );
    // Spans are exported in the order they end: everything dropped before it is absent for good.
    expect(new Set(receiver.spans.map((s) => s.traceId))).toEqual(new Set([SAMPLED_TRACE]));
  });
});
