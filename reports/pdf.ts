import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where a Chromium lives: $RIGSIGHT_CHROMIUM when set (and only it), else the usual Debian, Ubuntu and Chrome paths. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.RIGSIGHT_CHROMIUM;
  if (chosen !== undefined && chosen !== '') return existsSync(chosen) ? chosen : undefined;
  const candidates = [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ];
  return candidates.find((c) => existsSync(c));
}

/** Flags for a headless Chromium that makes no network connection of its own (TESTING.md "Browsers"). */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export type PdfResult = { ok: true; path: string } | { ok: false; reason: string };

/**
 * scorecard.pdf: the scorecard-only page (`renderHtml(doc, { scorecardOnly: true })`) printed by headless
 * Chromium, A4 landscape. Never throws: a missing browser or library is a reason, not a crash.
 */
export async function writeScorecardPdf(html: string, path: string): Promise<PdfResult> {
  const executablePath = findChromium();
  if (!executablePath)
    return {
      ok: false,
      reason: `no Chromium found (${process.env.RIGSIGHT_CHROMIUM ? `$RIGSIGHT_CHROMIUM=${process.env.RIGSIGHT_CHROMIUM} does not exist` : 'looked at /usr/bin/chromium, chromium-browser, google-chrome'}); install one (e.g. apt-get install chromium) or set RIGSIGHT_CHROMIUM`,
    };
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return { ok: false, reason: 'playwright-core is not installed (npm install playwright-core)' };
  }
  const dir = await mkdtemp(join(tmpdir(), 'rigsight-pdf-'));
  try {
    const page = join(dir, 'scorecard.html');
    await writeFile(page, html);
    // Chromium keeps caches and certificate stores under $HOME: it gets a home of its own, removed with the rest.
    const home = join(dir, 'home');
    const browser = await chromium.launch({
      executablePath,
      args: chromiumArgs,
      timeout: 30_000,
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config'),
        XDG_CACHE_HOME: join(home, '.cache'),
      },
    });
    try {
      const context = await browser.newContext({ offline: true });
      const tab = await context.newPage();
      await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
      await tab.emulateMedia({ media: 'print' });
      await tab.pdf({
        scale: 0.8,
        path,
        format: 'A4',
        landscape: true,
        printBackground: true,
        margin: { top: '10mm', bottom: '10mm', left: '10mm', right: '10mm' },
      });
    } finally {
      await browser.close();
    }
    return { ok: true, path };
  } catch (err) {
    return {
      ok: false,
      reason: `Chromium could not print the scorecard: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
