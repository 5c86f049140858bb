export * from './score.js';
