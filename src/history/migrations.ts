import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-info.js';

/** One schema step, `migrations/<backend>/NNN-name.sql`, applied once and in order. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const folder = join(packageRoot, 'src', 'history', 'migrations');

export function migrations(backend: 'sqlite' | 'postgres'): Migration[] {
  const dir = join(folder, backend);
  return readdirSync(dir)
    .flatMap((file) => {
      const m = /^(\d{3})-([a-z0-9-]+)\.sql$/.exec(file);
      return m
        ? [{ version: Number(m[1]), name: m[2] ?? file, sql: readFileSync(join(dir, file), 'utf8') }]
        : [];
    })
    .sort((a, b) => a.version - b.version);
}
