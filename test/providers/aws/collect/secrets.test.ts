import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogLinesProgress } from '../../../../src/collect/progress.js';
import { callerKey, collectFrom, startFake } from '../../../fakes/aws/harness.js';
import type { FakeAws } from '../../../fakes/aws/server.js';
import { SyntheticEstate } from '../../../fakes/aws/synthetic.js';

const estate = new SyntheticEstate({
  accounts: 2,
  regions: ['eu-west-1'],
  perList: 1,
  orgRole: 'rigsight-audit',
});
const member = estate.ids[1] as string;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('no credential, token or secret is written anywhere', () => {
  let fake: FakeAws;
  let written: string;
  let log: string[];
  beforeAll(async () => {
    // A signature error whose message echoes the session token, as some services do.
    fake = await startFake(
      estate,
      { account: estate.management },
      {
        faults: [
          { service: 'ec2', operation: 'DescribeVpcs', account: member, kind: 'signature', times: Infinity },
        ],
      },
    );
    log = [];
    const { out } = await collectFrom(fake, {
      orgRole: 'rigsight-audit',
      externalId: 'external-id-kept-out-of-evidence',
      regions: ['eu-west-1'],
      progress: new LogLinesProgress((line) => log.push(line), 0),
    });
    written = filesUnder(out)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
  });
  afterAll(() => fake.stop());

  it('keeps secret keys and session tokens out of the bundle, the manifest and the log', () => {
    const secrets = [callerKey.secretAccessKey, ...fake.issued, 'external-id-kept-out-of-evidence'];
    expect(fake.issued.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(written.includes(secret), 'bundle').toBe(false);
      expect(log.join('\n').includes(secret), 'log').toBe(false);
    }
  });

  it('still keeps the failed call and its code, with the echoed request cut out', () => {
    expect(written).toContain('"Code": "SignatureDoesNotMatch"');
    expect(written).toContain('The Canonical String for this request should have been [omitted]');
    expect(
      log.some((l) => /event=call.failed .*api=ec2:DescribeVpcs .*code=SignatureDoesNotMatch/.test(l)),
    ).toBe(true);
  });
});
