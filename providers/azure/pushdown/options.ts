import { maxScanOption } from '../../../src/detect/pushdown/outcome.js';
import type { CliOption } from '../../adapter.js';

/** What `collect --live` adds for the Azure flow leg pushed down to Log Analytics (the integrator adds them). */
export const logAnalyticsPushdownOptions: readonly CliOption[] = [
  {
    flags: '--log-analytics-workspace <workspace id>',
    description:
      'the workspace (its GUID, the "Workspace ID") where traffic analytics writes NTANetAnalytics for VNet flow logs',
    parse: (value: string) => {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value))
        throw new Error(`"${value}" is not a workspace id (a GUID)`);
      return value.toLowerCase();
    },
  },
  maxScanOption,
];

export interface LogAnalyticsPushdownOptions {
  logAnalyticsWorkspace?: string;
  /** Not enforceable here (Analytics-plan tables are not billed per query and no bytes are reported): noted only. */
  maxScan?: number;
}
