/* eslint-disable no-console -- a build step */
import { build } from 'esbuild';
import { join } from 'node:path';

/**
 * Bundles the compiled API (dist/apps/api/src/main.js, in place) into one file. Node 20 spends
 * most of a cold start finding, reading and compiling about 1,500 modules; one file starts about a
 * third faster (BENCHMARKS.md). Left outside: native addons, packages that read their own files
 * at run time, and the ones loaded only when configured.
 */
const EXTERNAL = [
  'better-sqlite3',
  'argon2',
  'sharp',
  'swagger-ui-dist',
  // Loaded by name at run time (TypeORM loads its driver, @nestjs/typeorm loads TypeORM): one
  // copy for them and for us.
  'mysql2',
  'mysql2/*',
  'typeorm',
  'typeorm/*',
  'file-type',
  '@aws-sdk/*',
  'ioredis',
  'nodemailer',
  // Optional peers of Nest that this application does not install.
  '@nestjs/microservices',
  '@nestjs/microservices/*',
  '@nestjs/websockets',
  '@nestjs/websockets/*',
  '@fastify/*',
];

async function main(): Promise<void> {
  const entry = join(__dirname, 'src', 'main.js');
  await build({
    entryPoints: [entry],
    outfile: entry,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: EXTERNAL,
    // Nest and TypeORM read class names (module names, entity names): bundling must not rename.
    keepNames: true,
    minifyWhitespace: true,
    sourcemap: 'linked',
    logLevel: 'warning',
    // ESM packages bundled into CommonJS still ask import.meta for their location.
    banner: {
      js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href; const __importMetaResolve = (specifier) => require('url').pathToFileURL(require.resolve(specifier)).href;",
    },
    define: { 'import.meta.url': '__importMetaUrl', 'import.meta.resolve': '__importMetaResolve' },
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
