import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Unreadable } from '../model/findings-document.js';
import { policiesDir } from '../package-info.js';
import type { LoadedPolicy } from '../policy/load.js';
import { parseIndicator } from './indicators.js';
import { type IntelData, IntelMatcher } from './matcher.js';

export interface CompiledIntel {
  matcher: IntelMatcher;
  data: IntelData;
  /** Per list: how many indicators of each kind it gave, and lines skipped. */
  lists: { source: string; domains: number; ips: number; ipPorts: number; cidrs: number; skipped: number }[];
  problems: Unreadable[];
}

/** Reads one list; a missing file is a problem, not a crash (the other lists still load). */
function readList(
  file: string,
  label: string,
  data: IntelData,
  problems: Unreadable[],
): CompiledIntel['lists'][number] {
  const counts = { source: label, domains: 0, ips: 0, ipPorts: 0, cidrs: 0, skipped: 0 };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    problems.push({ file: label, reason: `cannot read intel list (${(err as NodeJS.ErrnoException).code})` });
    return counts;
  }
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const parsed = parseIndicator(lines[i] ?? '');
    if ('reason' in parsed) {
      if (parsed.reason === 'invalid') {
        counts.skipped++;
        if (counts.skipped <= 3)
          problems.push({
            file: label,
            line: i + 1,
            reason: 'not a domain, IP, IP:port, CIDR or URL; skipped',
          });
      } else if (parsed.reason === 'url-path') counts.skipped++;
      continue;
    }
    switch (parsed.kind) {
      case 'domain':
        data.domains.push([parsed.value, label]);
        counts.domains++;
        break;
      case 'ip':
        data.ips.push([parsed.value, label]);
        counts.ips++;
        break;
      case 'ip-port':
        data.ipPorts.push([parsed.value, label]);
        counts.ipPorts++;
        break;
      case 'cidr':
        data.cidrs.push([parsed.value, label]);
        counts.cidrs++;
        break;
    }
  }
  return counts;
}

/** First list wins for an indicator listed twice, so `source` is stable whatever the overlap. */
function dedupe(entries: [string, string][]): [string, string][] {
  const seen = new Map<string, string>();
  for (const [value, source] of entries) if (!seen.has(value)) seen.set(value, source);
  return [...seen].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/**
 * Compiles the policy's intel: `intel.sources` (relative to the shipped policies/ folder),
 * `intel.extra` (relative to the policy file), `intel.allow` and `intel.miningPorts`.
 */
export function compileIntel(loaded: LoadedPolicy): CompiledIntel {
  const { intel } = loaded.policy;
  const data: IntelData = {
    domains: [],
    ips: [],
    ipPorts: [],
    cidrs: [],
    allow: [...intel.allow],
    miningPorts: [],
  };
  const problems: Unreadable[] = [];
  const lists: CompiledIntel['lists'] = [];
  for (const source of intel.sources) {
    const file = isAbsolute(source) ? source : join(policiesDir, source);
    lists.push(readList(file, relative(policiesDir, file).split('\\').join('/'), data, problems));
  }
  for (const extra of intel.extra) {
    const file = isAbsolute(extra) ? extra : resolve(loaded.baseDir, extra);
    lists.push(readList(file, extra, data, problems));
  }
  data.domains = dedupe(data.domains);
  data.ips = dedupe(data.ips);
  data.ipPorts = dedupe(data.ipPorts);
  data.cidrs = dedupe(data.cidrs);
  data.miningPorts = [...new Set(intel.miningPorts)].sort((a, b) => a - b);
  return { matcher: new IntelMatcher(data), data, lists, problems };
}
