import type { Scope } from '../../../src/model/scope.js';
import { serviceQuota } from '../shapes.js';
import { type AwsContext, readAs } from './context.js';

/**
 * What a stolen key could run in the account: vCPUs of its running instances (from CpuOptions), and the EC2
 * vCPU quotas (service-quotas GetServiceQuota, one file per quota code and region) it could launch up to.
 */
export function accountExposure(ctx: AwsContext, scope: Scope): Scope['exposure'] {
  const running = ctx.inv.workloads.filter((w) => w.scope === scope.id && w.state === 'running');
  const counted = running.filter((w) => w.vcpus !== undefined);
  let quota: number | undefined;
  for (const region of ctx.files.regions(scope.id)) {
    for (const code of ctx.files.keys(scope.id, region, 'service-quotas', 'GetServiceQuota')) {
      const read = readAs(ctx, serviceQuota, scope.id, region, 'service-quotas', 'GetServiceQuota', code);
      const value = read.kind === 'ok' ? read.value.Quota.Value : undefined;
      if (typeof value === 'number' && Number.isFinite(value)) quota = (quota ?? 0) + value;
    }
  }
  // Running vCPUs are only stated when every running instance reported them; a partial sum would understate.
  const vcpus =
    counted.length > 0 && counted.length === running.length
      ? counted.reduce((n, w) => n + (w.vcpus ?? 0), 0)
      : undefined;
  if (vcpus === undefined && quota === undefined) return undefined;
  return { ...(vcpus !== undefined ? { vcpus } : {}), ...(quota !== undefined ? { vcpuQuota: quota } : {}) };
}
