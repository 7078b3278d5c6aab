#!/usr/bin/env node
// Checks ONE built hoshin site folder in both colour schemes: every *.html page is loaded in
// headless Chromium with `prefers-color-scheme` emulated as light and as dark, at 390 and
// 1280 px, and axe-core (the same WCAG tags as check-site.mjs) must report no violation.
// In the dark scheme a page's background must actually be dark, and light in the light one
// (so neither check runs on the other palette by mistake). Printed notices (<html
// data-paper>) have their own stylesheet and stay as they are: paper. The header's language
// names must line up with the title's edges (header-align).
// Screenshots: <screens>/<page>.<scheme>.<width>.png (full page).
//
// Usage: node dark.mjs <out-dir> --base-url <the site's base_url> [--screens <dir>] [--only <page.html>]...
// e.g. hoshin build --out /tmp/site && node tests/browser/dark.mjs /tmp/site --base-url https://www.kiwaseisakujo.jp/policy/
// Exit status: 0 when every check passes, 1 on any failure, 2 on usage/setup errors.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WIDTHS = [390, 1280];
const SCHEMES = ['light', 'dark'];
const MIME = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.png': 'image/png', '.pdf': 'application/pdf', '.txt': 'text/plain; charset=utf-8' };

function usage(msg) {
  if (msg) console.error(`dark: ${msg}`);
  console.error('usage: node dark.mjs <out-dir> [--base-url <URL>] [--screens <dir>] [--only <page.html>]');
  process.exit(2);
}
const opts = { baseUrl: 'http://127.0.0.1/', only: [] };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
    if (a === '--base-url') opts.baseUrl = val();
    else if (a === '--screens') opts.screens = val();
    else if (a === '--only') opts.only.push(val());
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else if (!opts.outDir) opts.outDir = a;
    else usage(`unexpected argument ${a}`);
  }
  if (!opts.outDir) usage('missing <out-dir>');
}
const ROOT = path.resolve(opts.outDir);
if (!fs.existsSync(ROOT) || !fs.statSync(ROOT).isDirectory()) usage(`not a directory: ${ROOT}`);
let BASE_PATH;
try { BASE_PATH = new URL(opts.baseUrl).pathname; } catch { usage(`invalid --base-url ${opts.baseUrl}`); }
if (!BASE_PATH.endsWith('/')) BASE_PATH += '/';
const SCREENS = path.resolve(opts.screens || path.join(HERE, '..', '..', 'target', 'browser-screenshots', 'schemes', path.basename(ROOT)));

function walk(dir, rel = '') {
  const out = [];
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${ent.name}` : ent.name;
    if (ent.isDirectory()) out.push(...walk(path.join(dir, ent.name), r));
    else if (ent.isFile() && r.endsWith('.html')) out.push(r);
  }
  return out;
}
const PAGES = opts.only.length ? opts.only : walk(ROOT).sort();

// The folder under the base URL's path, as check-site.mjs serves it (index.html for a folder).
function startServer() {
  const server = http.createServer((req, res) => {
    let p;
    try { p = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname); } catch { res.writeHead(400).end(); return; }
    if (!p.startsWith(BASE_PATH)) { res.writeHead(404).end(); return; }
    let fp = path.resolve(ROOT, '.' + path.posix.normalize('/' + p.slice(BASE_PATH.length)));
    if (fp !== ROOT && !fp.startsWith(ROOT + path.sep)) { res.writeHead(403).end(); return; }
    if (fs.statSync(fp, { throwIfNoEntry: false })?.isDirectory()) fp = path.join(fp, 'index.html');
    if (!fs.statSync(fp, { throwIfNoEntry: false })?.isFile()) { res.writeHead(404).end('not found'); return; }
    res.writeHead(200, { 'Content-Type': MIME[path.extname(fp)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
    fs.createReadStream(fp).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const failures = [];
let runs = 0;

async function main() {
  const { chromium } = require('playwright-core');
  const axeSource = require('axe-core').source;
  fs.mkdirSync(SCREENS, { recursive: true });
  const server = await startServer();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  try {
    for (const scheme of SCHEMES) {
      const context = await browser.newContext({ colorScheme: scheme, locale: 'en-US', reducedMotion: 'reduce' });
      const page = await context.newPage();
      page.on('response', (r) => { if (r.status() >= 400) failures.push(`[${scheme}] resource: HTTP ${r.status()} for ${r.url().slice(origin.length)} (is --base-url the site's?)`); });
      for (const rel of PAGES) {
        const url = origin + BASE_PATH + rel.replace(/(^|\/)index\.html$/, '$1');
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 800 });
          const resp = await page.goto(url, { waitUntil: 'load' });
          if (!resp || resp.status() !== 200) { failures.push(`${rel} [${scheme}] load: HTTP ${resp?.status()}`); break; }
          const info = await page.evaluate(() => {
            const notice = document.documentElement.hasAttribute('data-paper');
            // The body's background, else the root's (a transparent one shows the element below).
            const bg = [document.body, document.documentElement].map((e) => getComputedStyle(e).backgroundColor)
              .find((c) => !/^rgba\(.*, 0\)$|^transparent$/.test(c)) || 'rgb(255, 255, 255)';
            const rgb = bg.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
            const lum = rgb.map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
            // The language switcher's names line up with the header's text: under the title, the
            // first starts where the title starts; beside it, the last ends where the wrap's
            // content ends.
            let header = null;
            const names = [...document.querySelectorAll('.language-switcher li > *')];
            const title = document.querySelector('.site-title a');
            if (names.length && title) {
              const box = (el) => { const r = document.createRange(); r.selectNodeContents(el); return r.getBoundingClientRect(); };
              const t = box(title), first = box(names[0]), last = box(names[names.length - 1]);
              const wrap = title.closest('.wrap');
              const right = wrap.getBoundingClientRect().right - parseFloat(getComputedStyle(wrap).paddingRight);
              if (first.top >= t.bottom - 1) {
                if (Math.abs(first.left - t.left) > 1) header = `the first language name starts at ${first.left.toFixed(1)} px, the title at ${t.left.toFixed(1)} px`;
              } else if (Math.abs(last.right - right) > 1) header = `the last language name ends at ${last.right.toFixed(1)} px, the header's text at ${right.toFixed(1)} px`;
            }
            return { notice, header, luminance: 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2] };
          });
          const dark = info.luminance < 0.1;
          if (info.header) failures.push(`${rel} [${scheme}@${width}] header-align: ${info.header}`);
          if (!info.notice && dark !== (scheme === 'dark')) failures.push(`${rel} [${scheme}@${width}] scheme: the page's background is ${dark ? 'dark' : 'light'} (luminance ${info.luminance.toFixed(2)})`);
          await page.evaluate(axeSource);
          const violations = await page.evaluate(async (tags) => {
            // eslint-disable-next-line no-undef
            const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
            return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${(n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 200)}`));
          }, AXE_TAGS);
          runs++;
          for (const v of violations) failures.push(`${rel} [${scheme}@${width}] axe ${v}`);
          await page.screenshot({ path: path.join(SCREENS, `${rel.replace(/\//g, '__').replace(/\.html$/, '')}.${scheme}.${width}.png`), fullPage: true });
        }
      }
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(`dark [${path.basename(ROOT)}]: ${PAGES.length} pages × ${SCHEMES.join('/')} × ${WIDTHS.join('/')} px: ${runs} axe runs, ${failures.length} failures; screenshots in ${SCREENS}`);
  process.exit(failures.length ? 1 : 0);
}
main().catch((e) => { console.error(`dark: ${e.stack || e}`); process.exit(2); });
