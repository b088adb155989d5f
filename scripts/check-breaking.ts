/**
 * Fails when the contract breaks clients of the last released API (REST operations and
 * WebSocket frames), unless the SDK's major version was raised for it.
 *   npm run api:breaking                 compare contracts/ with docs/releases/openapi-<latest>.json
 *                                        and asyncapi-<latest>.json
 *   npm run api:breaking -- --release    keep docs/openapi.json and docs/asyncapi.json as
 *                                        docs/releases/{openapi,asyncapi}-<SDK version>.json
 */
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contract } from '@cyrene/contracts';
import { breakingFrameChanges } from './api-diff/asyncapi-diff';
import { type BreakingChange, breakingChanges } from './api-diff/openapi-diff';
import { allowsBreaking, compareVersions, parseVersion, type Version } from './api-diff/versions';
import { generateAsyncApi } from './docs/asyncapi';
import { generateOpenApi } from './docs/openapi';

const root = fileURLToPath(new URL('../', import.meta.url));
const releasesDir = join(root, 'docs/releases');

/** The released documents under docs/releases/, newest last. */
function releases(dir = releasesDir): { version: Version; file: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((file) => {
      const version = parseVersion(/^openapi-(.+)\.json$/.exec(file)?.[1] ?? '');
      return version ? [{ version, file: join(dir, file) }] : [];
    })
    .sort((a, b) => compareVersions(a.version, b.version));
}

function sdkVersion(): Version {
  const text = (
    JSON.parse(readFileSync(join(root, 'packages/sdk/package.json'), 'utf8')) as { version: string }
  ).version;
  const version = parseVersion(text);
  if (!version) throw new Error(`packages/sdk/package.json: version "${text}" is not x.y.z`);
  return version;
}

const show = (change: BreakingChange) => `  ${change.operation}: ${change.at}: ${change.change}`;

function main(): number {
  const sdk = sdkVersion();
  if (process.argv.includes('--release')) {
    for (const name of ['openapi', 'asyncapi']) {
      const target = join(releasesDir, `${name}-${sdk.join('.')}.json`);
      copyFileSync(join(root, `docs/${name}.json`), target);
      console.log(`kept docs/${name}.json as ${target.slice(root.length)}`);
    }
    return 0;
  }
  const last = releases().at(-1);
  if (!last) {
    console.error('No release under docs/releases/: run `npm run api:breaking -- --release` once.');
    return 1;
  }
  const released = JSON.parse(readFileSync(last.file, 'utf8')) as Record<string, unknown>;
  const current = generateOpenApi(contract) as unknown as Record<string, unknown>;
  const changes = breakingChanges(released, current);
  // The WebSocket frames of that release, when it kept them (every release since 0.1.0 does).
  const framesFile = join(releasesDir, `asyncapi-${last.version.join('.')}.json`);
  if (existsSync(framesFile)) {
    const releasedFrames = JSON.parse(readFileSync(framesFile, 'utf8')) as Record<string, unknown>;
    changes.push(...breakingFrameChanges(releasedFrames, generateAsyncApi()));
  }
  const name = `${last.version.join('.')} (${last.file.slice(root.length)})`;
  if (changes.length === 0) {
    console.log(`No breaking change since ${name}.`);
    return 0;
  }
  if (allowsBreaking(sdk, last.version)) {
    console.log(`${changes.length} breaking changes since ${name}, released as SDK ${sdk.join('.')}:`);
    console.log(changes.map(show).join('\n'));
    return 0;
  }
  console.error(`${changes.length} breaking changes since ${name}:`);
  console.error(changes.map(show).join('\n'));
  console.error(
    `Keep the old behaviour, or raise the version of packages/sdk (now ${sdk.join('.')}) past the caret range of the release (the major version; below 1.0 the minor one) to release them.`,
  );
  return 1;
}

process.exitCode = main();
