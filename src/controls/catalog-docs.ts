import { catalog } from './catalog.js';
import { frameworkIndex, loadFrameworks } from './frameworks.js';

/** The README's control catalog, generated from the controls' own metadata. */
export function renderCatalogMarkdown(): string {
  const frameworks = frameworkIndex(loadFrameworks());
  const rows = catalog.map(
    (c) =>
      `| \`${c.id}\` | ${c.pillar} | ${c.severity} | ${c.grain} | ${c.title}. ${c.rationale} | ${frameworks(c.id, 'aws').join(', ')} |`,
  );
  return [
    '| id | pillar | severity | one finding per | what it judges and why | frameworks |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Replaces the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`. */
export function replaceGenerated(text: string, name: string, body: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} block`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}
