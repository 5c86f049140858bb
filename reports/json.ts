import type { FindingsDocument } from '../src/model/findings-document.js';

export function renderJson(doc: FindingsDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
