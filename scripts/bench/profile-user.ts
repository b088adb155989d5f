/** The user the profile benchmark asks for: registered on the gateway, seeded in the baseline. */
export const BENCH_USER = { id: 'user_bench', username: 'bench' };

/** Registers BENCH_USER on the gateway at `url` (REGISTRATION_ENABLED=true); its access token. */
export async function registerBenchUser(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: BENCH_USER.username,
      password: 'bench-password',
      email: 'b@example.com',
      nickname: 'Bench',
      verify_code: '000000',
    }),
  });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
