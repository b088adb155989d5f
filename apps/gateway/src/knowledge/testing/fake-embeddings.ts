import { sendJson, startFakeUpstream } from '../../testing/fake-upstream';
import type { TestGateway } from '../../testing/test-gateway';
import { signInTestAdmin } from '../../testing/users';

/**
 * Words that mean the same thing to the fake embedding model: each group is one dimension,
 * so "automobile" lands next to "car" though the two share no letters.
 */
export const CONCEPTS = [
  ['car', 'cars', 'automobile', 'vehicle', '汽车', '轿车'],
  ['cat', 'cats', 'kitten', 'feline', '猫咪', '小猫'],
  ['weather', 'rain', 'forecast', '天气', '下雨', '预报'],
  ['database', 'postgres', 'postgresql', 'sql', '数据库'],
  ['music', 'song', 'guitar', '音乐', '吉他'],
];

/** The fake model's vector of a text: how often each concept occurs (all zero: unrelated to anything). */
export function conceptVector(text: string): number[] {
  const lower = text.toLowerCase();
  const words = lower.split(/[^\p{L}\p{N}]+/u);
  const counts = CONCEPTS.map((group) =>
    group.reduce(
      (n, term) =>
        n + (/^[a-z]+$/.test(term) ? words.filter((w) => w === term).length : lower.split(term).length - 1),
      0,
    ),
  );
  return counts;
}

/**
 * An OpenAI-compatible embeddings server on 127.0.0.1 using conceptVector. `failing` makes it
 * answer 503, as a provider that is down would; `hold()` keeps every answer back until `release()`.
 */
export async function startFakeEmbeddings() {
  const state = { failing: false, requests: 0 };
  let held: Array<() => void> | undefined;
  const hold = () => {
    held ??= [];
  };
  const release = () => {
    for (const go of held?.splice(0) ?? []) go();
    held = undefined;
  };
  const server = await startFakeUpstream(async (req, res) => {
    state.requests++;
    if (held) await new Promise<void>((resolve) => held?.push(resolve));
    if (req.url !== '/v1/embeddings' || req.method !== 'POST')
      return sendJson(res, 404, { error: { message: 'no' } });
    if (state.failing) return sendJson(res, 503, { error: { message: 'model overloaded' } });
    const body = req.body as { model: string; input: string | string[] };
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    sendJson(res, 200, {
      object: 'list',
      model: body.model,
      data: inputs.map((input, index) => ({ object: 'embedding', index, embedding: conceptVector(input) })),
    });
  });
  return {
    ...server,
    state,
    hold,
    release,
    close: () => {
      release();
      return server.close();
    },
    baseUrl: `${server.url}/v1`,
  };
}

/** Routes purpose `embedding` to the fake provider through the admin REST API. */
export async function routeEmbeddingsTo(gw: TestGateway, baseUrl: string, model = 'concepts-v1') {
  const admin = (await signInTestAdmin(gw)).api;
  const steps = [
    await admin('POST', '/admin/models/providers/fake', { base_url: baseUrl, api_key: 'sk-test-key' }),
    await admin('POST', `/admin/models/models/${model}`, { provider: 'fake', name: model }),
    await admin('POST', '/admin/models/routing/embedding', { fallback_chain: [model], required: false }),
  ];
  for (const step of steps)
    if (step.status !== 200) throw new Error(`routing setup: ${step.status} ${step.text}`);
}
