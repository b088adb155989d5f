import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTestGateway, TEST_ADMIN, type TestGateway } from '@cyrene/gateway/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The SDK as a stranger gets it: `npm pack`, installed from the tarball into a blank strict
 * TypeScript project, type-checked there, and run with node against a live gateway.
 */

const run = promisify(execFile);
const sdkDir = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const hasNpm = spawnSync(npm, ['--version'], { stdio: 'ignore' }).status === 0;

/** The environment without npm's own `npm_*` settings, which would leak this workspace into the child. */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

const sh = async (cmd: string, args: string[], cwd: string): Promise<string> => {
  try {
    const { stdout } = await run(cmd, args, { cwd, env: cleanEnv, maxBuffer: 32 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    // tsc reports on stdout: show it with the failure.
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}\n${stdout}\n${stderr}`);
  }
};

interface PackInfo {
  filename: string;
  files: { path: string }[];
}

const consumerPackage = { name: 'sdk-consumer', private: true, type: 'module' };
const consumerTsconfig = {
  compilerOptions: {
    strict: true,
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    // ESNext.Disposable: @trpc/server's own declarations use Disposable (the trpc.ts consumer).
    lib: ['ES2022', 'DOM', 'ESNext.Disposable'],
    types: [],
    outDir: 'out',
    noUncheckedIndexedAccess: true,
  },
  files: ['main.ts', 'trpc.ts'],
};

const consumerMain = (url: string) => `
import { createGatewayClient, GatewayError, unwrap, type Health } from '@cyrene/sdk';

const client = createGatewayClient({ baseUrl: ${JSON.stringify(url)} });

const res = await client.rest.health.getHealth();
if (res.status !== 200) throw new Error('health answered ' + res.status);
const health: Health = res.body;
const service: 'cyrene-gateway' = res.body.service;
// @ts-expect-error the body is typed, so a field the contract lacks is an error
res.body.not_in_the_contract;

let failedLogin: { status: number; message: string } | undefined;
try {
  await client.login(${JSON.stringify(TEST_ADMIN.username)}, 'not the password');
} catch (error) {
  if (!(error instanceof GatewayError)) throw error;
  failedLogin = { status: error.status, message: error.message };
}

await client.login(${JSON.stringify(TEST_ADMIN.username)}, ${JSON.stringify(TEST_ADMIN.password)});
const profile = unwrap(await client.rest.auth.getProfile(), 200);

console.log(JSON.stringify({ service, ws: health.ws_connections, failedLogin, userId: profile.user_id }));
`;

/** A tRPC client typed by `@cyrene/sdk/trpc` alone, against the live gateway. */
const consumerTrpc = (url: string) => `
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { type GatewayTrpcRouter, TRPC_PATH } from '@cyrene/sdk/trpc';

let token = '';
const trpc = createTRPCClient<GatewayTrpcRouter>({
  links: [httpLink({ url: ${JSON.stringify(url)} + TRPC_PATH, headers: () => (token ? { authorization: 'Bearer ' + token } : {}) })],
});

const health = await trpc.health.getHealth.query();
const service: 'cyrene-gateway' = health.service;
// @ts-expect-error inputs are typed: the body of login needs a password
trpc.auth.login.mutate({ body: { username: 'x' } }).catch(() => {});
// @ts-expect-error webhooks are not procedures
trpc.webhooks;

let denied: unknown;
try {
  await trpc.auth.getProfile.query();
} catch (error) {
  if (!(error instanceof TRPCClientError)) throw error;
  denied = { status: error.data?.httpStatus, errorType: error.data?.errorType };
}
token = (await trpc.auth.login.mutate({ body: { username: ${JSON.stringify(TEST_ADMIN.username)}, password: ${JSON.stringify(TEST_ADMIN.password)} } })).token;
const profile = await trpc.auth.getProfile.query();
const userId: string = profile.user_id;
console.log(JSON.stringify({ service, denied, userId }));
`;

describe.skipIf(!hasNpm)('the packed SDK', () => {
  let work: string;
  let app: string;
  let gateway: TestGateway;
  let packedFiles: string[];

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'cyrene-sdk-pack-'));
    // `prepack` builds first, and the build's log shares stdout with npm's JSON.
    let packOutput: string;
    [packOutput, gateway] = await Promise.all([
      sh(npm, ['pack', '--json', '--pack-destination', work], sdkDir),
      startTestGateway(),
    ]);
    const [info] = JSON.parse(packOutput.slice(packOutput.search(/^\[$/m))) as PackInfo[];
    if (!info) throw new Error('npm pack printed nothing');
    packedFiles = info.files.map((f) => f.path);

    app = path.join(work, 'consumer');
    await mkdir(app);
    await writeFile(path.join(app, 'package.json'), JSON.stringify(consumerPackage));
    await writeFile(path.join(app, 'tsconfig.json'), JSON.stringify(consumerTsconfig));
    await writeFile(path.join(app, 'main.ts'), consumerMain(gateway.url));
    await writeFile(path.join(app, 'trpc.ts'), consumerTrpc(gateway.url));
    const install = [
      'install',
      path.join(work, info.filename),
      'typescript@5.9.3',
      '@trpc/client@11.25.2',
      '@trpc/server@11.25.2',
    ];
    await sh(npm, [...install, '--no-audit', '--no-fund', '--prefer-offline'], app);
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('ships only the build, depending on zod and ts-rest and on no workspace package', async () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.cjs',
        'dist/index.d.ts',
        'dist/index.d.cts',
        'README.md',
      ]),
    );
    expect(packedFiles.filter((f) => !f.startsWith('dist/'))).toEqual(['README.md', 'package.json']);

    const installed = path.join(app, 'node_modules/@cyrene/sdk');
    const manifest = JSON.parse(await readFile(path.join(installed, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual(['@ts-rest/core', 'zod']);
    // tRPC types live only behind `@cyrene/sdk/trpc`: the main entry never needs tRPC installed.
    expect(packedFiles).toEqual(
      expect.arrayContaining(['dist/trpc.d.ts', 'dist/trpc.d.cts', 'dist/trpc.js']),
    );
    for (const file of packedFiles.filter((f) => /^dist\/.*\.(c?js|d\.c?ts)$/.test(f))) {
      const text = await readFile(path.join(installed, file), 'utf8');
      expect(text, file).not.toContain('@cyrene/contracts');
      if (!file.startsWith('dist/trpc.')) expect(text, file).not.toContain('@trpc/');
    }
  });

  it('type-checks in a strict project and talks to a live gateway', async () => {
    // The full check includes the SDK's own declarations (no skipLibCheck); the emit skips it.
    await sh('npx', ['--no', '--', 'tsc', '--noEmit'], app);
    await sh('npx', ['--no', '--', 'tsc', '--noCheck'], app);
    const output = JSON.parse(await sh(process.execPath, ['out/main.js'], app)) as unknown;
    expect(output).toEqual({
      service: 'cyrene-gateway',
      ws: 0,
      failedLogin: { status: 401, message: expect.any(String) },
      userId: 'admin',
    });

    expect(JSON.parse(await sh(process.execPath, ['out/trpc.js'], app))).toEqual({
      service: 'cyrene-gateway',
      denied: { status: 401, errorType: 'unauthorized' },
      userId: 'admin',
    });

    // CommonJS consumers get the same client through `require`.
    const cjs = `const { createGatewayClient, GatewayError } = require('@cyrene/sdk');
      console.log(typeof createGatewayClient, typeof GatewayError);`;
    expect((await sh(process.execPath, ['-e', cjs], app)).trim()).toBe('function function');
  }, 120_000);
});
