/* eslint-disable no-console -- a command-line report */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { adminToken } from './cannon';
import { loadConcurrentWriters } from './concurrent-writers';
import { loadCursorPage } from './cursor-load';
import { measureExport } from './export-memory';
import { loadDataset, type Dataset } from './load-dataset';
import { freePort, run, startServer } from './processes';
import { waitForQuietDatabase } from './quiet-database';
import { table, writeBenchmarks, type LoadResult } from './report';

/**
 * `npm run bench [-- --articles 100000 --duration 15 --only R1,R2 --env RATE_LIMIT_API_TOKENS=off]`:
 * our production build against the shared workload on MariaDB, then the raw node:http + mysql2
 * baseline on the same data, one server at a time; prints the table and writes it into
 * BENCHMARKS.md. `--env` (repeatable) sets a variable of our server, for A/B runs.
 */
const REPO = resolve(__dirname, '../../../..');
const SHARED = resolve(REPO, '../shared/bench');
const WORKLOAD = existsSync(join(SHARED, 'load.js')) ? SHARED : join(REPO, 'apps/bench/workload');
const ADMIN = { email: 'bench@example.com', password: 'bench password 1234' };

interface Options {
  readonly articles: number;
  readonly duration: number;
  readonly only?: string;
  readonly raw: boolean;
  readonly env: Readonly<Record<string, string>>;
}

function options(argv: readonly string[]): Options {
  const value = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const articles = Number(value('articles') ?? 10_000);
  const duration = Number(value('duration') ?? 15);
  if (!Number.isInteger(articles) || articles < 4242)
    throw new Error('--articles takes a whole number of at least 4242');
  if (!Number.isInteger(duration) || duration < 1) throw new Error('--duration takes whole seconds');
  const env = argv.flatMap((arg, index) => (argv[index - 1] === '--env' ? [arg] : []));
  if (env.some((pair) => !/^[A-Z_][A-Z0-9_]*=/.test(pair))) throw new Error('--env takes NAME=value');
  return {
    articles,
    duration,
    only: value('only'),
    raw: !argv.includes('--no-raw'),
    env: Object.fromEntries(env.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])),
  };
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const server = new URL(process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');
  const database = `cms_bench_${opts.articles}`;
  const ourUrl = new URL(server.toString());
  ourUrl.pathname = `/${database}`;
  const root = await createConnection(server.toString());
  const [[{ version }]] = (await root.query('SELECT VERSION() AS version')) as unknown as [[{ version: string }]];
  await root.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await root.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await root.end();

  const results = mkdtempSync(join(tmpdir(), 'cms-bench-'));
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: ourUrl.toString(),
    JWT_SECRET: randomBytes(32).toString('hex'),
    SCHEMA_DIR: join(WORKLOAD, 'schema'),
    DATA_DIR: results,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    // Rate limits on, as in production, with budgets the load never spends: their cost is measured.
    RATE_LIMIT: '1000000000/1m',
    RATE_LIMIT_API_TOKENS: '1000000000/1m',
    ...opts.env,
  };
  const main = join(REPO, 'dist/apps/api/src/main.js');

  console.log(
    `# ${opts.articles} articles: schema and token (${WORKLOAD === SHARED ? '../shared/bench' : 'the bundled copy of the workload'})`,
  );
  const port = await freePort();
  const first = await startServer('node', [main], { ...env, PORT: String(port) }, '/health/ready', { port });
  const token = await apiToken(port);
  await first.stop();

  const dataset = createRequire(__filename)(join(WORKLOAD, 'dataset.js')) as Dataset;
  const loadSeconds = await loadDataset(ourUrl.toString(), dataset, opts.articles);
  console.log(`# loaded ${opts.articles} articles in ${loadSeconds.toFixed(1)} s`);

  await waitForQuietDatabase();
  const ourPort = await freePort();
  const ours = await startServer('node', [main], { ...env, PORT: String(ourPort) }, '/health/ready', { port: ourPort });
  console.log(`# our server ready in ${Math.round(ours.coldStartMs)} ms`);
  const measured = await load(ourPort, token, `cms-${opts.articles}`, ours.child.pid!, opts, results);
  const wanted = (id: string) => !opts.only || opts.only.split(',').includes(id);
  const extra = [];
  if (wanted('R6') && !measured.rows.some((row) => row.id === 'R6'))
    extra.push(await loadCursorPage(REPO, ourPort, token, 300, opts.duration));
  if (wanted('E1')) {
    // Twice: the second shows whether the first left anything behind.
    for (const run of [1, 2]) {
      const exported = await measureExport(ourPort, token, ours.child.pid!, opts.articles);
      console.log(
        `  E1  export all as NDJSON (${run})  ${exported.documents} documents in ${exported.seconds.toFixed(1)} s (${Math.round(exported.documents / exported.seconds)} documents/s, ${(exported.bytes / 2 ** 20).toFixed(0)} MiB); server RSS ${exported.rssBeforeMb.toFixed(0)} MB before, at each quarter ${exported.rssAtQuartersMb.map((mb) => mb.toFixed(0)).join(', ')} MB, ${exported.rssPeakMb.toFixed(0)} MB at most`,
      );
    }
  }
  // Last: it adds a type and documents the other rows must not see.
  if (wanted('W1')) extra.push(await loadConcurrentWriters(REPO, ourPort, ADMIN, opts.duration));
  const ourResult: LoadResult = { ...measured, rows: [...measured.rows, ...extra] };
  await ours.stop();

  let rawResult: LoadResult | undefined;
  const rawScript = join(SHARED, 'raw-baseline.js');
  if (opts.raw && existsSync(rawScript)) {
    const dbEnv = {
      DB_HOST: server.hostname,
      DB_PORT: server.port || '3306',
      DB_USER: decodeURIComponent(server.username || 'root'),
      DB_PASS: decodeURIComponent(server.password),
      NODE_PATH: join(REPO, 'node_modules'),
    };
    console.log('# raw baseline: seeding raw_bench');
    await run('node', [rawScript, '--seed', String(opts.articles)], dbEnv);
    await waitForQuietDatabase();
    const rawPort = await freePort();
    const rawToken = randomBytes(12).toString('hex');
    const raw = await startServer(
      'node',
      [rawScript],
      { ...dbEnv, PORT: String(rawPort), BENCH_TOKEN: rawToken },
      '/',
      {
        port: rawPort,
        accept: (status) => status < 500,
      },
    );
    rawResult = await load(rawPort, rawToken, `raw-${opts.articles}`, raw.child.pid!, opts, results);
    await raw.stop();
  }

  const benchRun = {
    articles: opts.articles,
    ours: ourResult,
    raw: rawResult,
    coldStartMs: ours.coldStartMs,
    loadSeconds,
  };
  console.log(`\n${table(benchRun)}\n`);
  const context = [
    `\`npm run bench -- --articles ${opts.articles} --duration ${opts.duration}\` on ${new Date().toISOString().slice(0, 10)}:`,
    `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, MariaDB ${version}, Node ${process.version},`,
    `NestJS ${packageVersion('@nestjs/core')}, TypeORM ${packageVersion('typeorm')}, mysql2 ${packageVersion('mysql2')};`,
    `autocannon, 32 connections, 3 s warm-up, ${opts.duration} s measured, load generator on the same cores.`,
  ].join(' ');
  writeBenchmarks(join(REPO, 'BENCHMARKS.md'), benchRun, context);
  console.log('BENCHMARKS.md updated');
}

async function apiToken(port: number): Promise<string> {
  const created = await fetch(`http://127.0.0.1:${port}/admin/api-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken(port, ADMIN)}` },
    body: JSON.stringify({ name: `bench ${Date.now()}`, type: 'full-access' }),
  });
  const body = (await created.json()) as { data?: { accessKey?: string } };
  if (!body.data?.accessKey) throw new Error(`could not create an API token: ${JSON.stringify(body)}`);
  return body.data.accessKey;
}

async function load(
  port: number,
  token: string,
  label: string,
  pid: number,
  opts: Options,
  cwd: string,
): Promise<LoadResult> {
  const args = [join(WORKLOAD, 'load.js'), '--base', `http://127.0.0.1:${port}`, '--token', token, '--label', label];
  args.push('--pid', String(pid), '--duration', String(opts.duration));
  if (opts.only) args.push('--only', opts.only);
  await run('node', args, { NODE_PATH: join(REPO, 'node_modules') }, cwd);
  return JSON.parse(readFileSync(join(cwd, 'bench-results', `${label}.json`), 'utf8')) as LoadResult;
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
