import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BarProgress, LogLinesProgress } from '../../../src/collect/progress.js';

describe('progress on a terminal', () => {
  it('draws accounts, regions, calls done/total, errors and an ETA on stderr', () => {
    const stream = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 160,
    }) as unknown as NodeJS.WriteStream;
    let drawn = '';
    (stream as unknown as PassThrough).on('data', (c: Buffer) => {
      drawn += c.toString('utf8');
    });
    const bar = new BarProgress(stream);
    bar.scopesKnown(3);
    bar.regionsPlanned('111111111111', 2);
    bar.callsPlanned(10);
    for (let i = 0; i < 4; i++)
      bar.callDone({ scope: '111111111111', region: 'eu-west-1', api: 'ec2:DescribeVpcs', outcome: 'ok' });
    bar.callDone({
      scope: '111111111111',
      region: 'eu-west-1',
      api: 'ec2:DescribeFlowLogs',
      outcome: 'error',
      code: 'UnauthorizedOperation',
    });
    bar.regionDone();
    bar.scopeFinished();
    bar.finished();
    expect(drawn).toMatch(/accounts 1\/3 \| regions 1\/2 \| calls 5\/10 \| errors 1 \| ETA/);
  });
});

describe('progress in a log', () => {
  it('writes one key=value line per event, quoting values that need it', () => {
    const lines: string[] = [];
    const log = new LogLinesProgress(
      (l) => lines.push(l),
      60_000,
      () => new Date('2026-11-27T10:00:00Z'),
    );
    log.scopesKnown(2);
    log.regionSkipped('111111111111', 'af-south-1', 'opt-in region not enabled (not-opted-in)');
    log.callDone({
      scope: '111111111111',
      region: 'eu-west-1',
      api: 'guardduty:ListDetectors',
      outcome: 'error',
      code: 'AccessDeniedException',
      message: 'User: arn:aws:sts::111111111111:assumed-role/a/b is not authorized',
    });
    log.callDone({ scope: '111111111111', region: 'eu-west-1', api: 'ec2:DescribeVpcs', outcome: 'ok' });
    log.scopeFinished('111111111111', 'partial', '1 call failed');
    log.finished({ calls: 2, errors: 1, scopes: 2, failedScopes: 0, ms: 1500 });
    expect(lines).toEqual([
      'time=2026-11-27T10:00:00.000Z level=info event=collect.accounts accounts=2',
      'time=2026-11-27T10:00:00.000Z level=info event=region.skipped account=111111111111 region=af-south-1 why="opt-in region not enabled (not-opted-in)"',
      'time=2026-11-27T10:00:00.000Z level=warn event=call.failed account=111111111111 region=eu-west-1 api=guardduty:ListDetectors code=AccessDeniedException message="User: arn:aws:sts::111111111111:assumed-role/a/b is not authorized"',
      'time=2026-11-27T10:00:00.000Z level=info event=progress calls=1/0 errors=1 accounts=0/2',
      'time=2026-11-27T10:00:00.000Z level=warn event=account.done account=111111111111 status=partial reason="1 call failed"',
      'time=2026-11-27T10:00:00.000Z level=warn event=collect.done calls=2 errors=1 accounts=2 failed_accounts=0 seconds=1.5',
    ]);
  });
});
