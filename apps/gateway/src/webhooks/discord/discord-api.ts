/** Discord's webhook API, where a deferred interaction gets its reply (DISCORD_API_BASE). */
export class DiscordApi {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** `PATCH /webhooks/{application_id}/{token}/messages/@original`: replaces the "thinking…" message. */
  async editOriginal(applicationId: string, token: string, content: string): Promise<void> {
    const url = `${this.baseUrl}/webhooks/${encodeURIComponent(applicationId)}/${encodeURIComponent(token)}/messages/@original`;
    const res = await fetch(url, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content, allowed_mentions: { parse: [] } }),
      signal: AbortSignal.timeout(this.timeoutMs),
      redirect: 'error',
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`Discord 返回 HTTP ${res.status}`);
  }
}
