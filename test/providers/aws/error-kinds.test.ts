import { describe, expect, it } from 'vitest';
import { allCalls } from '../../../providers/aws/collect/catalog.js';
import { errorKind, gapKind, isAnswer } from '../../../providers/aws/error-kinds.js';
import { isKnownAwsFile } from '../../../providers/aws/known-files.js';

describe('one AWS error classifier for the collector, normalize and the IAM engine', () => {
  it.each([
    ['AccessDenied', 'denied'],
    ['AccessDeniedException', 'denied'],
    ['UnauthorizedOperation', 'denied'],
    ['AuthorizationErrorException', 'denied'],
    ['OptInRequired', 'unsupported'],
    ['SubscriptionRequiredException', 'unsupported'],
    ['Throttling', 'throttled'],
    ['RequestLimitExceeded', 'throttled'],
    ['TimeoutError', 'timeout'],
    ['NoSuchLifecycleConfiguration', 'not-found'],
    ['TrailNotFoundException', 'not-found'],
    ['InternalError', 'error'],
  ])('%s is %s', (code, kind) => {
    expect(errorKind(code)).toBe(kind);
  });

  it('turns throttling and timeouts that outlasted retries into plain errors for gaps', () => {
    expect(gapKind('Throttling')).toBe('error');
    expect(gapKind('AccessDenied')).toBe('denied');
  });

  it('knows the errors that answer a question, per call', () => {
    expect(isAnswer('s3api:GetBucketLifecycleConfiguration', 'NoSuchLifecycleConfiguration')).toBe(true);
    expect(isAnswer('ec2:DescribeFlowLogs', 'NoSuchLifecycleConfiguration')).toBe(false);
  });

  it('derives the files it knows from what the collector declares', () => {
    for (const d of allCalls) {
      expect(isKnownAwsFile(`aws/111122223333/us-east-1/${d.service}/${d.operation}.json`)).toBe(true);
      expect(isKnownAwsFile(`aws/111122223333/global/${d.service}/${d.operation}/key.error.json`)).toBe(true);
    }
    expect(isKnownAwsFile('aws/111122223333/us-east-1/ec2/DescribeImages.json')).toBe(false);
  });
});
