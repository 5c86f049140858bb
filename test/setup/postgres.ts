// Global setup for the PostgreSQL history tests: a real server, never a mock. It uses the machine's
// (RIGSIGHT_TEST_POSTGRES_URL, else postgres@127.0.0.1:5432), else starts one from Debian's postgresql
// binaries in a temporary folder, else says loudly why the PostgreSQL tests are skipped. Each run gets its
// own database, dropped at the end.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database of this run's own, or why there is none. */
    postgres: { url: string } | { skipped: string };
  }
}

async function answers(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return `${(err as { code?: string }).code ?? ''} ${(err as Error).message}`.trim();
  } finally {
    await client.end().catch(() => {});
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** Debian's server binaries, newest version first. */
function debianBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find((d) => existsSync(join(d, 'initdb')));
}

/** Starts a throwaway server on a free port; initdb refuses root, so as root it runs as the postgres user. */
async function startDebianServer(): Promise<{ url: string; stop: () => void } | { why: string }> {
  const bin = debianBin();
  if (!bin)
    return {
      why: 'no Debian postgresql binaries (/usr/lib/postgresql/*/bin/initdb); apt-get install postgresql',
    };
  const dir = mkdtempSync(join(tmpdir(), 'rigsight-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' })
      : spawnSync(cmd, args, { encoding: 'utf8' });
  const init = run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync']);
  if (init.status !== 0)
    return { why: `initdb failed: ${(init.stderr || String(init.error)).trim().split('\n')[0]}` };
  const start = run(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-w',
    '-l',
    join(dir, 'log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  if (start.status !== 0)
    return { why: `pg_ctl start failed: ${(start.stderr || start.stdout).trim().split('\n')[0]}` };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const admin = process.env.RIGSIGHT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let serverUrl = admin;
  let stop: (() => void) | undefined;
  const problem = await answers(admin);
  if (problem) {
    const started = await startDebianServer();
    if ('why' in started) {
      const reason = `no PostgreSQL at ${admin} (${problem}) and none could be started: ${started.why}`;
      console.warn(
        `\n${'!'.repeat(100)}\n!! PostgreSQL history tests SKIPPED: ${reason}\n${'!'.repeat(100)}\n`,
      );
      project.provide('postgres', { skipped: reason });
      return async () => {};
    }
    serverUrl = started.url;
    stop = started.stop;
    console.warn(`PostgreSQL history tests use a server started from Debian's binaries (${serverUrl})`);
  }
  const database = `rigsight_test_${process.pid}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${database}`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  project.provide('postgres', { url: url.toString() });
  return async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await c.end();
    stop?.();
  };
}
