/** The user the profile benchmark asks for: registered on the gateway, seeded in the baseline. */
export const BENCH_USER = { id: 'user_bench', username: 'bench' };
