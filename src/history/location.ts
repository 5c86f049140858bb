import { isAbsolute, join, resolve } from 'node:path';
import envPaths from 'env-paths';
import { HistoryError } from './history-error.js';

/** Where runs are kept: an SQLite file, or a PostgreSQL database for runs on ephemeral CI runners. */
export type HistoryLocation =
  | { backend: 'sqlite'; path: string; display: string }
  | { backend: 'postgres'; url: string; display: string };

/** `history.db` in the user's data directory (XDG_DATA_HOME, ~/Library/Application Support, %LOCALAPPDATA%). */
export function defaultHistoryFile(): string {
  return join(envPaths('rigsight', { suffix: '' }).data, 'history.db');
}

const urlLike = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * `--history` as given: a file path, a postgres:// URL, or nothing (RIGSIGHT_HISTORY, else the default file).
 * A password in the URL is accepted but never shown.
 */
export function parseHistoryLocation(
  value: string | true | undefined,
  env: NodeJS.ProcessEnv = process.env,
): HistoryLocation {
  const raw = typeof value === 'string' && value.trim() ? value.trim() : env.RIGSIGHT_HISTORY?.trim();
  if (!raw) {
    const path = defaultHistoryFile();
    return { backend: 'sqlite', path, display: path };
  }
  if (/^postgres(ql)?:\/\//i.test(raw)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new HistoryError(
        'bad-location',
        `${redactUrl(raw)} is not a valid PostgreSQL URL (expected postgres://USER@HOST:PORT/DATABASE)`,
      );
    }
    if (!url.hostname && !url.searchParams.get('host'))
      throw new HistoryError('bad-location', `${redactUrl(raw)} names no host`);
    return { backend: 'postgres', url: raw, display: redactUrl(raw) };
  }
  if (urlLike.test(raw))
    throw new HistoryError(
      'bad-location',
      `${redactUrl(raw)}: unsupported history store (expected a file path or postgres://USER@HOST/DATABASE)`,
    );
  const path = isAbsolute(raw) ? raw : resolve(raw);
  return { backend: 'sqlite', path, display: raw };
}

/** The URL with any password (in the userinfo or a `password` parameter) replaced by `***`. */
export function redactUrl(raw: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(.*)$/is.exec(raw);
  if (!m) return raw;
  let rest = m[2] ?? '';
  // The last `@` ends the userinfo: a password may itself hold `@`, `/` or `:` when not percent-encoded.
  const at = rest.lastIndexOf('@');
  const colon = rest.indexOf(':');
  if (at >= 0 && colon >= 0 && colon < at) rest = `${rest.slice(0, colon)}:***${rest.slice(at)}`;
  return `${m[1]}${rest}`.replace(/([?&](?:password|sslpassword)=)[^&#]*/gi, '$1***');
}
