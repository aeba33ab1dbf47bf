// Prints an HTML document (the case dossier) to PDF with the system Chromium. The document is
// self-contained (images as data: URIs): the page runs no script and every network request is
// refused, so printing never reaches out. One short-lived browser per print: dossiers are rare.
import { chromium } from 'playwright-core';
import type { Logger } from 'pino';
import { CHROMIUM_ARGS } from './browser-pool.js';

export interface PdfPrinterDeps {
  chromiumPath: string;
  log: Logger;
  timeoutMs?: number;
}

export function createPdfPrinter(d: PdfPrinterDeps): (html: string) => Promise<Buffer> {
  return async (html) => {
    const browser = await chromium.launch({ executablePath: d.chromiumPath, args: [...CHROMIUM_ARGS], headless: true, timeout: 30_000 });
    try {
      const ctx = await browser.newContext({ javaScriptEnabled: false, offline: true });
      await ctx.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
      const page = await ctx.newPage();
      await page.setContent(html, { waitUntil: 'load', timeout: d.timeoutMs ?? 60_000 });
      const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
      d.log.info({ bytes: pdf.length }, 'dossier printed');
      return pdf;
    } finally {
      await browser.close().catch(() => undefined);
    }
  };
}
