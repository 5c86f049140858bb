export { type AzureCollectOptions, collectAzure, descendantSubscriptions } from './engine.js';
