import type { ServerResponse } from 'node:http';
import {
  type FakeUpstream,
  type SeenRequest,
  sse,
  startFakeUpstream,
  startSse,
} from '../../testing/fake-upstream';
import type { TestUser } from '../../testing/users';

/** What the fake provider reports using for every answer. */
export const FAKE_USAGE = { prompt_tokens: 42, completion_tokens: 7, total_tokens: 49 } as const;

function answerWithUsage(_req: SeenRequest, res: ServerResponse): void {
  startSse(res);
  res.end(
    sse([
      { id: 'c1', choices: [{ index: 0, delta: { content: '晴,' } }] },
      { id: 'c1', choices: [{ index: 0, delta: { content: '25 度' } }] },
      { id: 'c1', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      { id: 'c1', choices: [], usage: FAKE_USAGE },
      '[DONE]',
    ]),
  );
}

/** An OpenAI-compatible provider on loopback: answers '晴,25 度' in two deltas and reports its usage. */
export function startFakeProvider(): Promise<FakeUpstream> {
  return startFakeUpstream(answerWithUsage);
}

/** The admin's chat routing set to the fake: provider `fake`, model `small` (`small-1` upstream), required. */
export async function routeChatTo(admin: TestUser, provider: FakeUpstream): Promise<void> {
  const setup = [
    await admin.api('POST', '/admin/models/providers/fake', { base_url: `${provider.url}/v1` }),
    await admin.api('POST', '/admin/models/models/small', { provider: 'fake', name: 'small-1' }),
    await admin.api('POST', '/admin/models/routing/chat', { fallback_chain: ['small'], required: true }),
  ];
  const failed = setup.find((r) => r.status !== 200);
  if (failed) throw new Error(`chat routing setup failed: ${failed.status} ${failed.text}`);
}
