import { z } from 'zod';

/** The clouds rigsight understands; provider-specific words stay inside `providers/<cloud>/`. */
export const providers = ['aws', 'azure', 'gcp'] as const;
export const providerSchema = z.enum(providers);
export type Provider = z.infer<typeof providerSchema>;
