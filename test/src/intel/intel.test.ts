import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileIntel } from '../../../src/intel/compile.js';
import { canonicalIp, parseIndicator } from '../../../src/intel/indicators.js';
import { loadPolicy } from '../../../src/policy/load.js';

function policyWith(yaml: string, files: Record<string, string> = {}): ReturnType<typeof loadPolicy> {
  const dir = mkdtempSync(join(tmpdir(), 'rigsight-intel-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'policy.yaml'), yaml);
  return loadPolicy(join(dir, 'policy.yaml'));
}

describe('indicator lines', () => {
  it('classifies domains, IPs, IP:port pairs, CIDRs and URLs the way the shipped lists write them', () => {
    expect(parseIndicator('pool.minexmr.com')).toEqual({ kind: 'domain', value: 'pool.minexmr.com' });
    expect(parseIndicator('107.191.47.239:3333')).toMatchObject({
      kind: 'ip-port',
      ip: '107.191.47.239',
      port: 3333,
    });
    expect(parseIndicator('163.172.114.218')).toEqual({ kind: 'ip', value: '163.172.114.218' });
    expect(parseIndicator('203.0.113.0/24')).toEqual({ kind: 'cidr', value: '203.0.113.0/24' });
    expect(parseIndicator('http://185.141.25.35')).toEqual({ kind: 'ip', value: '185.141.25.35' });
    expect(parseIndicator('http://185.141.25.35/x.sh')).toEqual({ kind: 'ip', value: '185.141.25.35' });
    // A path on a named host may be a compromised, legitimate site: not a network indicator.
    expect(parseIndicator('mail.itseasy.com/resources/files/')).toEqual({ reason: 'url-path' });
    expect(parseIndicator('/kw.sh')).toEqual({ reason: 'url-path' });
    expect(parseIndicator('t.zz3r0.com ')).toEqual({ kind: 'domain', value: 't.zz3r0.com' });
    expect(parseIndicator('# Reference: x')).toEqual({ reason: 'comment' });
  });

  it('writes IPv6 in one canonical spelling so flow records and lists compare equal', () => {
    expect(canonicalIp('2001:db8::1')).toBe(canonicalIp('2001:0db8:0:0:0:0:0:1'));
    expect(canonicalIp('10.1')).toBeUndefined();
  });
});

describe('compiled intel', () => {
  it('loads every shipped list named by the default policy, with counts per list', () => {
    const intel = compileIntel(loadPolicy());
    expect(intel.problems).toEqual([]);
    const maltrail = intel.lists.find((l) => l.source === 'intel/maltrail/crypto_mining.txt');
    expect(maltrail?.ipPorts).toBeGreaterThan(600);
    expect(maltrail?.domains).toBeGreaterThan(300);
    expect(intel.matcher.matchIp('107.191.47.239', 3333)).toMatchObject({
      kind: 'ip-port',
      source: 'intel/maltrail/crypto_mining.txt',
    });
    // Listed only with port 3333/7777: the bare address on another port is no match.
    expect(intel.matcher.matchIp('107.191.47.239', 443)).toBeUndefined();
    expect(intel.matcher.matchIp('163.172.114.218', 443)).toMatchObject({ kind: 'ip' });
    expect(intel.matcher.miningPorts.has(3333)).toBe(true);
  });

  it('matches a subdomain of a listed pool domain, and DNS spellings with a trailing dot', () => {
    const { matcher } = compileIntel(loadPolicy());
    expect(matcher.matchDomain('pool.supportxmr.com.')).toMatchObject({ indicator: 'pool.supportxmr.com' });
    expect(matcher.matchDomain('eu.xmr.pool.minergate.com')).toMatchObject({ kind: 'domain' });
    expect(matcher.matchDomain('example.com')).toBeUndefined();
  });

  it('adds user lists relative to the policy file, and honours intel.allow for domains, IPs and CIDRs', () => {
    const loaded = policyWith(
      'version: 1\nintel:\n  extra: [ours.txt]\n  allow: [supportxmr.com, 163.172.114.218, 198.51.100.0/24]\n',
      { 'ours.txt': '# our pool list\n198.51.100.7\n203.0.113.0/28\nbad line here\npool.example.org\n' },
    );
    const intel = compileIntel(loaded);
    expect(intel.lists.find((l) => l.source === 'ours.txt')).toMatchObject({
      ips: 1,
      cidrs: 1,
      domains: 1,
      skipped: 1,
    });
    expect(intel.problems).toEqual([
      { file: 'ours.txt', line: 4, reason: expect.stringContaining('skipped') },
    ]);
    expect(intel.matcher.matchIp('203.0.113.9', 80)).toMatchObject({
      kind: 'cidr',
      indicator: '203.0.113.0/28',
    });
    expect(intel.matcher.matchDomain('a.pool.example.org')).toMatchObject({ source: 'ours.txt' });
    expect(intel.matcher.matchDomain('pool.supportxmr.com')).toBeUndefined();
    expect(intel.matcher.matchIp('163.172.114.218')).toBeUndefined();
    expect(intel.matcher.matchIp('198.51.100.7')).toBeUndefined();
  });

  it('reports a missing user list with its name instead of failing', () => {
    const intel = compileIntel(policyWith('version: 1\nintel:\n  extra: [missing.txt]\n'));
    expect(intel.problems).toEqual([{ file: 'missing.txt', reason: 'cannot read intel list (ENOENT)' }]);
    expect(intel.matcher.size).toBeGreaterThan(1000);
  });
});
