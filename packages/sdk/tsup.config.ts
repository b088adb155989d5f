import { defineConfig } from 'tsup';

/**
 * The contract is bundled into the SDK, JavaScript and declarations alike, so the published
 * package depends only on `zod` and `@ts-rest/core`, never on the private workspace packages.
 * `@cyrene/sdk/trpc` is a second entry, types only, whose declarations import `@trpc/server`
 * (an optional peer): the main entry never needs tRPC installed.
 */
export default defineConfig({
  entry: ['src/index.ts', 'src/trpc.ts'],
  format: ['esm', 'cjs'],
  platform: 'neutral',
  target: 'es2022',
  noExternal: [/^@cyrene\/contracts/],
  external: ['zod', '@ts-rest/core', '@trpc/server'],
  dts: {
    // '@cyrene/contracts' exports TypeScript source without a `types` field, so tsup's
    // `dts.resolve` cannot find it. Mapping it by path makes the declaration bundler compile
    // and inline it; baseUrl at the repository root keeps its import() types relative.
    compilerOptions: {
      baseUrl: '../..',
      paths: {
        '@cyrene/contracts': ['contracts/src/index.ts'],
        '@cyrene/contracts/trpc': ['contracts/src/trpc.ts'],
      },
    },
  },
  sourcemap: true,
  clean: true,
  treeshake: true,
});
