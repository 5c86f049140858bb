export * from './catalog.js';
export * from './control.js';
export * from './engine.js';
export * from './frameworks.js';
