export * from './blindness.js';
export * from './grades.js';
export * from './impact.js';
export * from './likelihood.js';
export * from './pillar-scores.js';
export * from './score.js';
export * from './words.js';
