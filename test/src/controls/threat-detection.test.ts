import { describe, expect, it } from 'vitest';
import { assessFiles, denied, edit, errorFile, p, wellRunEstate, without } from '../../helpers/aws-estate.js';

const list = p('guardduty', 'ListDetectors');
const detector = p('guardduty', 'GetDetector', 'd1');

describe('threat-detection (account × region)', () => {
  it('passes an enabled detector and names its enabled features', async () => {
    const [f] = (await assessFiles(wellRunEstate())).of('threat-detection');
    expect(f?.status).toBe('pass');
    expect(f?.reason).toMatch(/RUNTIME_MONITORING/);
  });

  it('fails a suspended detector', async () => {
    const files = edit<{ Status: string }>(wellRunEstate(), detector, (d) => {
      d.Status = 'DISABLED';
    });
    const [f] = (await assessFiles(files)).of('threat-detection');
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/suspended/);
  });

  it('fails when no detector exists', async () => {
    const files = edit<{ DetectorIds: string[] }>(without(wellRunEstate(), detector), list, (l) => {
      l.DetectorIds = [];
    });
    expect((await assessFiles(files)).of('threat-detection')[0]?.reason).toMatch(
      /no GuardDuty detector exists/,
    );
  });

  it('is unassessed, not "suspended", when the detector was listed but GetDetector was denied', async () => {
    const files = without(wellRunEstate(), detector);
    files[errorFile(detector)] = denied('GetDetector');
    const [f] = (await assessFiles(files)).of('threat-detection');
    expect(f?.status).toBe('unassessed');
    expect(f?.reason).toMatch(/GuardDuty detector d1/);
  });

  it('is unassessed when ListDetectors was denied', async () => {
    const files = without(wellRunEstate(), list, detector);
    files[errorFile(list)] = denied('ListDetectors');
    expect((await assessFiles(files)).of('threat-detection')[0]?.status).toBe('unassessed');
  });
});
