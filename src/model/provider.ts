import { z } from 'zod';

/**
 * A cloud's short name as its adapter registers it (`aws`, `azure`, `gcp`, …). The list is the registry in
 * providers/index.ts, so the model names no cloud.
 */
export const providerSchema = z.string().regex(/^[a-z][a-z0-9-]{1,15}$/);
export type Provider = string;
