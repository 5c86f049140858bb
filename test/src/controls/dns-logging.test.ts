import { describe, expect, it } from 'vitest';
import { assessFiles, edit, p, wellRunEstate, without } from '../../helpers/aws-estate.js';

const associations = p('route53resolver', 'ListResolverQueryLogConfigAssociations');
type Associations = { ResolverQueryLogConfigAssociations: Record<string, unknown>[] };

describe('dns-logging (network hosting workloads)', () => {
  it('passes when a resolver query log configuration is associated with the VPC', async () => {
    const [f] = (await assessFiles(wellRunEstate())).of('dns-logging');
    expect(f?.status).toBe('pass');
    expect(f?.reason).toMatch(/logged by dns/);
  });

  it('fails when the association is not ACTIVE', async () => {
    const files = edit<Associations>(wellRunEstate(), associations, (a) => {
      a.ResolverQueryLogConfigAssociations[0] = {
        ...a.ResolverQueryLogConfigAssociations[0],
        Status: 'FAILED',
      };
    });
    expect((await assessFiles(files)).of('dns-logging')[0]?.status).toBe('fail');
  });

  it('fails when only another VPC is associated', async () => {
    const files = edit<Associations>(wellRunEstate(), associations, (a) => {
      a.ResolverQueryLogConfigAssociations[0] = {
        ...a.ResolverQueryLogConfigAssociations[0],
        ResourceId: 'vpc-other',
      };
    });
    const [f] = (await assessFiles(files)).of('dns-logging');
    expect(f?.status).toBe('fail');
    expect(f?.reason).toMatch(/pool lookups from its instances leave no record/);
  });

  it('is unassessed when the associations were not collected', async () => {
    expect((await assessFiles(without(wellRunEstate(), associations))).of('dns-logging')[0]?.status).toBe(
      'unassessed',
    );
  });
});
