import { describe, expect, it } from 'vitest';
import { endpointsFor } from '../../../../providers/azure/collect/clouds.js';

describe('Azure clouds and endpoint overrides', () => {
  it('names each sovereign cloud’s ARM, Entra ID and Graph endpoints', () => {
    expect(endpointsFor('AzureUSGovernment', {})).toEqual({
      cloud: 'AzureUSGovernment',
      arm: 'https://management.usgovcloudapi.net',
      authority: 'https://login.microsoftonline.us',
      graph: 'https://graph.microsoft.us',
      logAnalytics: 'https://api.loganalytics.us',
      customAuthority: false,
    });
    expect(endpointsFor('AzureChinaCloud', {}).arm).toBe('https://management.chinacloudapi.cn');
  });

  it('honours RIGSIGHT_AZURE_*_ENDPOINT and AZURE_AUTHORITY_HOST, and turns instance discovery off for an unknown authority', () => {
    const e = endpointsFor('AzureCloud', {
      RIGSIGHT_AZURE_ARM_ENDPOINT: 'https://127.0.0.1:8443/',
      RIGSIGHT_AZURE_GRAPH_ENDPOINT: 'https://127.0.0.1:8443',
      RIGSIGHT_AZURE_LOG_ANALYTICS_ENDPOINT: 'https://127.0.0.1:8444/',
      AZURE_AUTHORITY_HOST: 'https://127.0.0.1:8443/',
    });
    expect(e).toMatchObject({
      arm: 'https://127.0.0.1:8443',
      graph: 'https://127.0.0.1:8443',
      logAnalytics: 'https://127.0.0.1:8444',
      customAuthority: true,
    });
    expect(
      endpointsFor('AzureCloud', { AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us' })
        .customAuthority,
    ).toBe(false);
  });
});
