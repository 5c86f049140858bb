import { describe, expect, it } from 'vitest';
import { catalog } from '../../../src/controls/catalog.js';
import { assessFiles, wellRunEstate } from '../../helpers/aws-estate.js';

const OTHER = '210987654321';

describe('an account the collector could not enter', () => {
  it('is unassessed with the AssumeRole error, once per control, and the other account is still judged', async () => {
    const files = wellRunEstate();
    files[`aws/${OTHER}/global/sts/AssumeRole.error.json`] = {
      Code: 'AccessDenied',
      Message: `User: arn:aws:sts::123456789012:assumed-role/audit/rigsight is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${OTHER}:role/rigsight-audit`,
      HttpStatus: 403,
      Operation: 'AssumeRole',
    };
    const { inventory, findings, bundle } = await assessFiles(files);
    const scope = inventory.scopes.find((s) => s.id === OTHER);
    expect(scope).toMatchObject({
      status: 'unassessed',
      reason: expect.stringMatching(/could not assume a role.*AccessDenied/),
    });
    const mine = findings.filter((f) => f.scope === OTHER);
    for (const control of catalog) {
      const ofControl = mine.filter((f) => f.control === control.id);
      expect(ofControl.length, control.id).toBeGreaterThan(0);
      expect(
        ofControl.every((f) => f.status === 'unassessed'),
        control.id,
      ).toBe(true);
    }
    expect(mine.find((f) => f.control === 'threat-detection')?.reason).toMatch(
      /The account 210987654321 could not be assessed/,
    );
    expect(findings.filter((f) => f.scope === '123456789012' && f.status === 'pass').length).toBeGreaterThan(
      10,
    );
    expect(bundle.unconsumed()).toEqual([]);
  });
});
