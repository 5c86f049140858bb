import type { Detection } from '../model/detection.js';
import type { Finding } from '../model/finding.js';

/** Per-instance controls: each of their resources is an instance. */
const instanceControls = new Set(['metric-logging', 'ownership-tagging']);

export interface Exposure {
  vcpus?: number;
  vcpuQuota?: number;
}

export interface Impact {
  value: number;
  instances: number;
  vcpus?: number;
  vcpuQuota?: number;
}

/** vCPUs assumed per instance when nothing better is known. */
const assumedVcpus = 2;

/**
 * How much compute a miner could reach: the vCPU quota when known (it bounds what can be launched),
 * else the running vCPUs, else two per instance. 0.6 with nothing (new compute can still be launched),
 * rising on a log scale to 1 at about 1,000 vCPUs.
 */
export function impactOf(
  findings: readonly Finding[],
  detections: readonly Detection[],
  exposure: Exposure = {},
): Impact {
  const ids = new Set<string>();
  for (const f of findings) {
    if (instanceControls.has(f.control) || /::Instance$|VirtualMachine$/i.test(f.resource.type))
      ids.add(`${f.provider}|${f.scope}|${f.resource.id}`);
  }
  for (const d of detections) ids.add(`${d.provider}|${d.scope}|${d.instance.id}`);
  const instances = ids.size;
  const reach = exposure.vcpuQuota ?? exposure.vcpus ?? instances * assumedVcpus;
  const value = 0.6 + 0.4 * Math.min(1, Math.log10(1 + Math.max(0, reach)) / 3);
  return {
    value: Math.round(value * 100) / 100,
    instances,
    ...(exposure.vcpus !== undefined ? { vcpus: exposure.vcpus } : {}),
    ...(exposure.vcpuQuota !== undefined ? { vcpuQuota: exposure.vcpuQuota } : {}),
  };
}
