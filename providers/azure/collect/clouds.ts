/** The Azure clouds `--cloud` names: where ARM, Entra ID and Microsoft Graph answer. */
export const clouds = {
  AzureCloud: {
    arm: 'https://management.azure.com',
    authority: 'https://login.microsoftonline.com',
    graph: 'https://graph.microsoft.com',
    logAnalytics: 'https://api.loganalytics.io',
  },
  AzureUSGovernment: {
    arm: 'https://management.usgovcloudapi.net',
    authority: 'https://login.microsoftonline.us',
    graph: 'https://graph.microsoft.us',
    logAnalytics: 'https://api.loganalytics.us',
  },
  AzureChinaCloud: {
    arm: 'https://management.chinacloudapi.cn',
    authority: 'https://login.chinacloudapi.cn',
    graph: 'https://microsoftgraph.chinacloudapi.cn',
    logAnalytics: 'https://api.loganalytics.azure.cn',
  },
} as const;
export type CloudName = keyof typeof clouds;

export interface Endpoints {
  cloud: CloudName;
  arm: string;
  authority: string;
  graph: string;
  /** The Log Analytics query API (the flow leg pushed down to traffic analytics). */
  logAnalytics: string;
  /** The authority is not one MSAL knows, so its instance discovery must be off. */
  customAuthority: boolean;
}

const trim = (url: string) => url.replace(/\/+$/, '');

/**
 * The cloud's endpoints, with RIGSIGHT_AZURE_ARM_ENDPOINT, RIGSIGHT_AZURE_GRAPH_ENDPOINT,
 * RIGSIGHT_AZURE_LOG_ANALYTICS_ENDPOINT and AZURE_AUTHORITY_HOST honoured.
 */
export function endpointsFor(
  cloud: CloudName = 'AzureCloud',
  env: NodeJS.ProcessEnv = process.env,
): Endpoints {
  const known = clouds[cloud];
  const authority = trim(env.AZURE_AUTHORITY_HOST || known.authority);
  return {
    cloud,
    arm: trim(env.RIGSIGHT_AZURE_ARM_ENDPOINT || known.arm),
    graph: trim(env.RIGSIGHT_AZURE_GRAPH_ENDPOINT || known.graph),
    logAnalytics: trim(env.RIGSIGHT_AZURE_LOG_ANALYTICS_ENDPOINT || known.logAnalytics),
    authority,
    customAuthority: !Object.values(clouds).some((c) => c.authority === authority),
  };
}
