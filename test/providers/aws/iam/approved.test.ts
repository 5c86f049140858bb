import { describe, expect, test } from 'vitest';
import { approvalFor } from '../../../../providers/aws/iam/approved.js';

const rules = [
  { principal: 'arn:aws:sts::111122223333:assumed-role/deployer/*', reason: 'CI sessions' },
  { principal: 'arn:aws:iam::*:role/platform-*', reason: 'platform team roles' },
];

describe('creators.approved', () => {
  test.each([
    ['arn:aws:iam::111122223333:role/deployer', true],
    ['arn:aws:iam::111122223333:role/ci/deployer', true],
    ['arn:aws:iam::444455556666:role/deployer', false],
    ['arn:aws:iam::111122223333:role/Deployer', false],
    ['arn:aws:iam::999988887777:role/platform-admin', true],
    ['arn:aws:iam::111122223333:user/deployer', false],
  ])('%s approved: %s', (arn, approved) => {
    expect(Boolean(approvalFor(rules, arn))).toBe(approved);
  });
});
