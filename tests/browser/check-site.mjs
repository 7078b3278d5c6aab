#!/usr/bin/env node
// Checks ONE built hoshin site folder: HTML validity (Nu HTML Checker),
// accessibility (axe-core in headless Chromium at 360 and 1280 px), links,
// fragments, hreflang/canonical/sitemap consistency, page weight, no JS,
// screenshots, print layout and A4 PDF output, <html lang> and a single <h1>.
//
// Usage: node check-site.mjs <out-dir> --base-url <URL> [--name <label>]
//                            [--screens <dir>] [--max-bytes <n>] [--concurrency <n>]
// Exit status: 0 when every check passes, 1 on any failure, 2 on usage/setup errors.

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WIDTHS = [360, 1280];
const A4_PT = { w: 595, h: 842, tol: 2 };
const A4_WIDTH_PX = (210 / 25.4) * 96; // 793.7 CSS px
// Paper sizes of printed notices (<html data-paper>), portrait, in mm and PDF points.
// minPt: the smallest text a notice may print on it; minQrMm: the smallest QR code (issue 13).
const PAPERS = {
  a3: { mm: [297, 420], pt: [842, 1191], format: 'A3', minPt: 9, minQrMm: 20 },
  a4: { mm: [210, 297], pt: [595, 842], format: 'A4', minPt: 9, minQrMm: 20 },
  a5: { mm: [148, 210], pt: [420, 595], format: 'A5', minPt: 8, minQrMm: 20 },
};
// The smallest text and QR code found on each paper's notices, for the log.
const noticeMinima = {};

// ---------------------------------------------------------------- arguments
function usage(msg) {
  if (msg) console.error(`check-site: ${msg}`);
  console.error('usage: node check-site.mjs <out-dir> --base-url <URL> [--name <label>] [--screens <dir>] [--max-bytes <n>] [--concurrency <n>]');
  process.exit(2);
}
const opts = { maxBytes: 30 * 1024, concurrency: 2 };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
    if (a === '--base-url') opts.baseUrl = val();
    else if (a === '--name') opts.name = val();
    else if (a === '--screens') opts.screens = val();
    else if (a === '--max-bytes') opts.maxBytes = Number(val());
    else if (a === '--concurrency') opts.concurrency = Math.max(1, Number(val()) || 1);
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else if (!opts.outDir) opts.outDir = a;
    else usage(`unexpected argument ${a}`);
  }
  if (!opts.outDir) usage('missing <out-dir>');
  if (!opts.baseUrl) usage('missing --base-url');
}
const ROOT = path.resolve(opts.outDir);
if (!fs.existsSync(ROOT) || !fs.statSync(ROOT).isDirectory()) usage(`not a directory: ${ROOT}`);
let BASE;
try { BASE = new URL(opts.baseUrl); } catch { usage(`invalid --base-url ${opts.baseUrl}`); }
if (!BASE.pathname.endsWith('/')) BASE.pathname += '/';
BASE.search = ''; BASE.hash = '';
const BASE_PATH = BASE.pathname; // e.g. "/policy/"
const NAME = opts.name || path.basename(ROOT);
const SCREENS = path.resolve(opts.screens || path.join(REPO_ROOT, 'target', 'browser-screenshots', NAME));

// ---------------------------------------------------------------- failures
const failures = [];
const stats = { links: 0, fragments: 0, external: 0, hreflang: 0, sitemap: 0, axeRuns: 0, pdfPages: 0, notices: 0 };
function fail(page, check, where, message) {
  failures.push({ page, check, where: where || '-', message });
}

// ---------------------------------------------------------------- files
function walk(dir, rel = '') {
  const out = [];
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${ent.name}` : ent.name;
    if (ent.isDirectory()) out.push(...walk(path.join(dir, ent.name), r));
    else if (ent.isFile()) out.push(r);
  }
  return out;
}
const ALL_FILES = walk(ROOT).sort();
const FILE_SET = new Set(ALL_FILES);
const HTML_FILES = ALL_FILES.filter((f) => /\.html?$/i.test(f));
if (HTML_FILES.length === 0) usage(`no *.html files under ${ROOT}`);

/** Public URL of a page file (directory form for index.html). */
function publicUrl(rel) {
  const p = rel === 'index.html' ? '' : rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel;
  return new URL(p.split('/').map(encodeURIComponent).join('/'), BASE).href;
}

/**
 * Map a URL to a file of the folder.
 * Returns {kind:'file', file, dirNoSlash?} | {kind:'missing', rel} | {kind:'outside'} |
 *         {kind:'external'} | {kind:'other'} (mailto:, tel:, data: ...)
 */
function urlToFile(u) {
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { kind: 'other' };
  if (u.origin !== BASE.origin) return { kind: 'external' };
  let pathname;
  try { pathname = decodeURIComponent(u.pathname); } catch { pathname = u.pathname; }
  if (!pathname.startsWith(BASE_PATH)) {
    if (pathname + '/' === BASE_PATH) return { kind: 'file', file: 'index.html', dirNoSlash: true };
    return { kind: 'outside' };
  }
  let rel = pathname.slice(BASE_PATH.length);
  const norm = path.posix.normalize('/' + rel).slice(1);
  if (rel === '' || rel.endsWith('/')) {
    const f = (norm && !norm.endsWith('/') ? norm + '/' : norm) + 'index.html';
    return FILE_SET.has(f) ? { kind: 'file', file: f } : { kind: 'missing', rel: f };
  }
  if (FILE_SET.has(norm)) return { kind: 'file', file: norm };
  if (FILE_SET.has(norm + '/index.html')) return { kind: 'file', file: norm + '/index.html', dirNoSlash: true };
  return { kind: 'missing', rel: norm };
}

function lineOf(src, needle) {
  if (!needle) return null;
  let i = src.indexOf(`"${needle}"`);
  if (i < 0) i = src.indexOf(`'${needle}'`);
  if (i < 0) i = src.indexOf(needle);
  if (i < 0) return null;
  return src.slice(0, i).split('\n').length;
}

// ---------------------------------------------------------------- static server
const MIME = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.avif': 'image/avif', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
  '.otf': 'font/otf', '.pdf': 'application/pdf', '.json': 'application/json', '.js': 'text/javascript',
  '.webmanifest': 'application/manifest+json',
};
function startServer() {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://127.0.0.1');
    let p;
    try { p = decodeURIComponent(u.pathname); } catch { res.writeHead(400).end(); return; }
    if (p + '/' === BASE_PATH) { res.writeHead(301, { Location: BASE_PATH }).end(); return; }
    if (!p.startsWith(BASE_PATH)) { res.writeHead(404).end('outside base path'); return; }
    const rel = p.slice(BASE_PATH.length);
    let fp = path.resolve(ROOT, '.' + path.posix.normalize('/' + rel));
    if (fp !== ROOT && !fp.startsWith(ROOT + path.sep)) { res.writeHead(403).end(); return; }
    let st = fs.statSync(fp, { throwIfNoEntry: false });
    if (st && st.isDirectory()) {
      if (!p.endsWith('/')) { res.writeHead(301, { Location: u.pathname + '/' + u.search }).end(); return; }
      fp = path.join(fp, 'index.html');
      st = fs.statSync(fp, { throwIfNoEntry: false });
    }
    if (!st || !st.isFile()) { res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found'); return; }
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(fp).toLowerCase()] || 'application/octet-stream',
      'Content-Length': st.size, 'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') { res.end(); return; }
    fs.createReadStream(fp).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---------------------------------------------------------------- Nu HTML Checker
function runVnu() {
  const jar = path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
  return new Promise((resolve) => {
    if (!fs.existsSync(jar)) { fail('-', 'html-valid', jar, 'vnu.jar missing: run `npm ci --ignore-scripts` in tests/browser'); resolve(); return; }
    const args = ['-Xss4m', '-jar', jar, '--format', 'json', '--errors-only', '--exit-zero-always',
      ...HTML_FILES.map((f) => path.join(ROOT, f))];
    const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', (e) => { fail('-', 'html-valid', 'java', `cannot run java: ${e.message}`); resolve(); });
    child.on('close', (code) => {
      const text = (err.trim().startsWith('{') ? err : out).trim();
      let json;
      try { json = JSON.parse(text); } catch {
        fail('-', 'html-valid', 'vnu', `could not parse Nu HTML Checker output (exit ${code}): ${(err || out).slice(0, 500)}`);
        resolve(); return;
      }
      for (const m of json.messages || []) {
        if (m.type !== 'error' && m.type !== 'non-document-error') continue;
        let page = m.url || '-';
        try { page = path.relative(ROOT, fileURLToPath(m.url)); } catch { /* keep */ }
        const line = m.lastLine ? `line ${m.firstLine || m.lastLine}:${m.firstColumn || m.lastColumn}` : '-';
        const extract = m.extract ? `  «${m.extract.replace(/\s+/g, ' ').trim()}»` : '';
        fail(page, 'html-valid', line, `${m.message}${extract}`);
      }
      resolve();
    });
  });
}

// ---------------------------------------------------------------- in-page helpers
// Collected once per page (DOM == source since pages must not run scripts).
function collectDom() {
  const cssPath = (el) => {
    const parts = [];
    for (let e = el, depth = 0; e && e.nodeType === 1 && depth < 4; e = e.parentElement, depth++) {
      let s = e.localName;
      if (e.id) { parts.unshift(`${s}#${CSS.escape(e.id)}`); break; }
      const cls = [...e.classList].slice(0, 2).map((c) => '.' + CSS.escape(c)).join('');
      s += cls;
      const sib = e.parentElement ? [...e.parentElement.children].filter((c) => c.localName === e.localName) : [];
      if (sib.length > 1) s += `:nth-of-type(${sib.indexOf(e) + 1})`;
      parts.unshift(s);
      if (e.localName === 'body' || e.localName === 'head') break;
    }
    return parts.join(' > ');
  };
  const refs = [];
  for (const el of document.querySelectorAll('[href], [src], [srcset], [poster], object[data]')) {
    for (const attr of ['href', 'src', 'poster', 'data']) {
      if (attr === 'data' && el.localName !== 'object') continue;
      const v = el.getAttribute(attr);
      if (v !== null) refs.push({ attr, raw: v, sel: cssPath(el), tag: el.localName, rel: el.getAttribute('rel') || '' });
    }
    const ss = el.getAttribute('srcset');
    if (ss) {
      for (const cand of ss.split(/,\s+/)) {
        const url = cand.trim().split(/\s+/)[0];
        if (url) refs.push({ attr: 'srcset', raw: url, sel: cssPath(el), tag: el.localName, rel: '' });
      }
    }
  }
  const relHas = (el, r) => (el.getAttribute('rel') || '').toLowerCase().split(/\s+/).includes(r);
  const links = [...document.querySelectorAll('link')];
  // Printed notices say their paper on <html data-paper>; their key texts must reach the PDF.
  const texts = (sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent.trim()).filter(Boolean);
  return {
    paper: document.documentElement.dataset.paper || null,
    noticeTexts: [...texts('.notice-headline .t'), ...texts('.notice-organisation-name .t')],
    lang: document.documentElement.getAttribute('lang'),
    h1: [...document.querySelectorAll('h1')].map(cssPath),
    baseHref: document.querySelector('base[href]')?.getAttribute('href') || null,
    refs,
    ids: [...document.querySelectorAll('[id]')].map((e) => e.id)
      .concat([...document.querySelectorAll('a[name]')].map((e) => e.getAttribute('name'))),
    alternates: links.filter((l) => relHas(l, 'alternate') && l.hasAttribute('hreflang'))
      .map((l) => ({ hreflang: l.getAttribute('hreflang'), href: l.getAttribute('href') || '' })),
    canonicals: links.filter((l) => relHas(l, 'canonical')).map((l) => l.getAttribute('href') || ''),
    stylesheets: links.filter((l) => relHas(l, 'stylesheet')).map((l) => l.getAttribute('href') || ''),
    scripts: [...document.querySelectorAll('script')].map((s) => ({ sel: cssPath(s), src: s.getAttribute('src'), type: s.getAttribute('type') })),
    jsLinks: links.filter((l) => relHas(l, 'modulepreload') || (relHas(l, 'preload') && l.getAttribute('as') === 'script'))
      .map((l) => ({ sel: cssPath(l), href: l.getAttribute('href') })),
    inlineHandlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name)))
      .slice(0, 5).map(cssPath),
    robots: [...document.querySelectorAll('meta[name]')]
      .filter((m) => /^(robots|googlebot)$/i.test(m.getAttribute('name')))
      .map((m) => m.getAttribute('content') || ''),
  };
}

// Finds elements / text runs whose right edge exceeds `limit` CSS px.
// Reports the outermost offenders only, at most 8.
function findOverflow(limit) {
  const cssPath = (el) => {
    const parts = [];
    for (let e = el, depth = 0; e && e.nodeType === 1 && depth < 4; e = e.parentElement, depth++) {
      let s = e.localName;
      if (e.id) { parts.unshift(`${s}#${CSS.escape(e.id)}`); break; }
      s += [...e.classList].slice(0, 2).map((c) => '.' + CSS.escape(c)).join('');
      const sib = e.parentElement ? [...e.parentElement.children].filter((c) => c.localName === e.localName) : [];
      if (sib.length > 1) s += `:nth-of-type(${sib.indexOf(e) + 1})`;
      parts.unshift(s);
      if (e.localName === 'body') break;
    }
    return parts.join(' > ');
  };
  const hiddenish = (el) => {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || cs.visibility === 'collapse') return true;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) return true; // visually-hidden pattern / empty
    if (cs.position === 'absolute' || cs.position === 'fixed') {
      if (/rect\(\s*0(px)?[ ,]+0(px)?[ ,]+0(px)?[ ,]+0(px)?\s*\)/.test(cs.clip)) return true;
      if (cs.clipPath === 'inset(50%)' || cs.clipPath === 'inset(100%)') return true;
      if (r.right < 0 || r.bottom < 0) return true; // parked off-screen (skip links)
    }
    return false;
  };
  const sx = window.scrollX;
  const offenders = [];
  const reported = new Set();
  const under = (el) => { for (let e = el; e; e = e.parentElement) if (reported.has(e)) return true; return false; };
  for (const el of document.body.querySelectorAll('*')) {
    if (hiddenish(el)) continue;
    const r = el.getBoundingClientRect();
    const right = r.right + sx;
    if (right > limit + 0.5 && !under(el)) {
      reported.add(el);
      offenders.push({ sel: cssPath(el), right: Math.round(right), text: (el.textContent || '').trim().slice(0, 50) });
    }
  }
  // Text that overflows a box that itself fits (long unbreakable words / URLs).
  const tw = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let n = tw.nextNode(); n; n = tw.nextNode()) {
    if (!n.data.trim() || !n.parentElement || hiddenish(n.parentElement) || under(n.parentElement)) continue;
    range.selectNodeContents(n);
    let right = 0;
    for (const rc of range.getClientRects()) right = Math.max(right, rc.right + sx);
    if (right > limit + 0.5) {
      reported.add(n.parentElement);
      offenders.push({ sel: cssPath(n.parentElement) + ' (text)', right: Math.round(right), text: n.data.trim().slice(0, 50) });
    }
  }
  return { scrollWidth: document.documentElement.scrollWidth, offenders: offenders.slice(0, 8), total: offenders.length };
}

// Reads @page margins (left/right, in CSS px) that apply in print.
function pageMarginsPx(pageWidthPx) {
  const toPx = (v) => {
    if (!v) return null;
    const m = /^(-?[\d.]+)(px|mm|cm|in|pt|pc|q|%)?$/i.exec(v.trim());
    if (!m) return null;
    const n = parseFloat(m[1]);
    switch ((m[2] || 'px').toLowerCase()) {
      case 'px': return n; case 'mm': return n * 96 / 25.4; case 'cm': return n * 96 / 2.54;
      case 'in': return n * 96; case 'pt': return n * 96 / 72; case 'pc': return n * 16;
      case 'q': return n * 96 / 101.6; case '%': return n / 100 * pageWidthPx; default: return null;
    }
  };
  let left = null, right = null;
  const visit = (rules) => {
    for (const rule of rules) {
      if (rule instanceof CSSMediaRule) { if (matchMedia(rule.media.mediaText).matches) visit(rule.cssRules); }
      else if (typeof CSSSupportsRule !== 'undefined' && rule instanceof CSSSupportsRule) visit(rule.cssRules);
      else if (typeof CSSLayerBlockRule !== 'undefined' && rule instanceof CSSLayerBlockRule) visit(rule.cssRules);
      else if (rule instanceof CSSPageRule && !/:(first|left|right|blank)/.test(rule.selectorText || '')) {
        const l = toPx(rule.style.getPropertyValue('margin-left'));
        const r = toPx(rule.style.getPropertyValue('margin-right'));
        if (l !== null) left = l;
        if (r !== null) right = r;
      }
    }
  };
  for (const sheet of document.styleSheets) {
    try {
      if (sheet.media && sheet.media.mediaText && !matchMedia(sheet.media.mediaText).matches) continue;
      visit(sheet.cssRules);
    } catch { /* cross-origin */ }
  }
  return { left: left ?? 0, right: right ?? 0 };
}

// ---------------------------------------------------------------- PDF size
function pdfPageSizes(pdfPath) {
  const r = spawnSync('pdfinfo', ['-f', '1', '-l', '100000', pdfPath], { encoding: 'utf8' });
  if (r.status === 0 && r.stdout) {
    const sizes = [...r.stdout.matchAll(/^Page\s+\d+\s+size:\s+([\d.]+)\s+x\s+([\d.]+)\s+pts/gm)].map((m) => [+m[1], +m[2]]);
    if (sizes.length) return { via: 'pdfinfo', sizes };
  }
  // Fallback: scan the MediaBox entries of the PDF bytes.
  const buf = fs.readFileSync(pdfPath).toString('latin1');
  const sizes = [...buf.matchAll(/\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/g)]
    .map((m) => [m[3] - m[1], m[4] - m[2]]);
  return { via: 'MediaBox', sizes };
}

// ---------------------------------------------------------------- per-page browser work
const pageData = new Map(); // rel -> collected DOM data
const resourceProblems = []; // {page, url, status}

async function checkPage(context, origin, rel, axeSource, external) {
  const page = await context.newPage();
  const served = origin + BASE_PATH + (rel === 'index.html' ? '' : rel.endsWith('/index.html') ? rel.slice(0, -10) : rel);
  // Only the page itself and local subresources may load: other hosts are
  // recorded and blocked, and navigations away (e.g. <meta http-equiv=refresh>)
  // are blocked so that every check sees this page.
  await page.route('**/*', (route) => {
    const req = route.request();
    const url = req.url();
    if (!url.startsWith(origin + '/')) {
      if (!external.has(url)) external.set(url, rel);
      return route.abort('blockedbyclient');
    }
    if (req.isNavigationRequest() && req.frame() === page.mainFrame() && url !== served) return route.abort('aborted');
    return route.continue();
  });
  page.on('response', (resp) => {
    if (resp.status() >= 400 && resp.url().startsWith(origin)) resourceProblems.push({ page: rel, url: resp.url().slice(origin.length), status: resp.status() });
  });
  page.on('pageerror', (e) => fail(rel, 'no-js', '-', `page error: ${e.message}`));
  const shotBase = rel.replace(/\//g, '__').replace(/\.html?$/i, '');
  const axeByKey = new Map();
  try {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      const resp = await page.goto(served, { waitUntil: 'load', timeout: 30000 });
      if (!resp || resp.status() !== 200) { fail(rel, 'load', served, `HTTP ${resp ? resp.status() : 'no response'}`); return; }
      await page.evaluate(() => document.fonts.ready.then(() => true));
      if (!pageData.has(rel)) pageData.set(rel, await page.evaluate(collectDom));

      // axe
      await page.evaluate(axeSource);
      const res = await page.evaluate(async (tags) => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: (n.html || '').replace(/\s+/g, ' ').slice(0, 100), summary: (n.failureSummary || '').split('\n').slice(0, 3).join(' ').replace(/\s+/g, ' ') })) }));
      }, AXE_TAGS);
      stats.axeRuns++;
      for (const v of res) {
        for (const n of v.nodes) {
          const key = `${v.id}|${n.target}`;
          if (!axeByKey.has(key)) axeByKey.set(key, { v, n, widths: [] });
          axeByKey.get(key).widths.push(width);
        }
      }

      // reflow at the narrow width (WCAG 1.4.10): no horizontal scrolling
      if (width === WIDTHS[0]) {
        const o = await page.evaluate(findOverflow, width);
        if (o.scrollWidth > width + 1 || o.offenders.length) {
          if (!o.offenders.length) fail(rel, 'reflow@360', 'html', `document is ${o.scrollWidth}px wide at a ${width}px viewport (horizontal scrolling)`);
          for (const off of o.offenders) fail(rel, 'reflow@360', off.sel, `right edge at ${off.right}px > viewport ${width}px («${off.text}»)`);
        }
      }

      await page.screenshot({ path: path.join(SCREENS, `${shotBase}.${width}.png`), fullPage: true });
    }
    for (const { v, n, widths } of axeByKey.values()) {
      fail(rel, `axe:${v.id}@${widths.join(',')}`, `${n.target}  ${n.html}`, `${v.help} [${v.impact}] — ${n.summary} (${v.helpUrl})`);
    }

    // print (a notice on its own paper, every other page on A4)
    const paper = PAPERS[pageData.get(rel)?.paper] || null;
    const paperName = paper ? paper.format : 'A4';
    const paperWidthPx = paper ? (paper.mm[0] / 25.4) * 96 : A4_WIDTH_PX;
    await page.emulateMedia({ media: 'print' });
    const m = await page.evaluate(pageMarginsPx, paperWidthPx);
    const printable = Math.floor(paperWidthPx - m.left - m.right);
    if (printable < 200) {
      fail(rel, 'print', '@page', `printable width only ${printable}px (margins ${m.left.toFixed(0)}+${m.right.toFixed(0)}px)`);
    } else {
      await page.setViewportSize({ width: printable, height: 1000 });
      const o = await page.evaluate(findOverflow, printable);
      if (paper) {
        // Measured, not assumed from CSS: every text at or above the paper's minimum, every QR
        // code at least its minimum, at the width the sheet prints at.
        const z = await page.evaluate(noticeSizes, paperWidthPx - m.left - m.right);
        const acc = (noticeMinima[paperName] ||= { pt: Infinity, ptAt: '', qr: Infinity, qrAt: '' });
        if (z.min < acc.pt) { acc.pt = z.min; acc.ptAt = rel; }
        if (z.qr !== null && z.qr < acc.qr) { acc.qr = z.qr; acc.qrAt = rel; }
        if (z.min < paper.minPt - 0.01) fail(rel, 'notice-min-text', z.where, `prints at ${z.min.toFixed(2)} pt; the smallest text allowed on ${paperName} is ${paper.minPt} pt`);
        if (z.qr === null) fail(rel, 'notice-qr', 'svg.qr', 'the notice has no QR code');
        else if (z.qr < paper.minQrMm - 0.01) fail(rel, 'notice-qr', 'svg.qr', `the QR code prints ${z.qr.toFixed(1)} mm wide; at least ${paper.minQrMm} mm on ${paperName}`);
      }
      if (!o.offenders.length && o.scrollWidth > printable + 1) fail(rel, 'print-overflow', 'html', `document is ${o.scrollWidth}px wide; printable ${paperName} width is ${printable}px`);
      for (const off of o.offenders) fail(rel, 'print-overflow', off.sel, `right edge at ${off.right}px > printable ${paperName} width ${printable}px — clipped in print («${off.text}»)`);
    }
    const pdfPath = path.join(SCREENS, `${shotBase}.pdf`);
    await page.pdf({ path: pdfPath, format: paperName, preferCSSPageSize: true, printBackground: true });
    const { via, sizes } = pdfPageSizes(pdfPath);
    stats.pdfPages += sizes.length;
    const check = `print-${paperName.toLowerCase()}`;
    const [ew, eh] = paper ? paper.pt : [A4_PT.w, A4_PT.h];
    if (!sizes.length) fail(rel, check, pdfPath, `could not read page size (${via})`);
    sizes.forEach(([w, h], i) => {
      if (Math.abs(w - ew) > A4_PT.tol || Math.abs(h - eh) > A4_PT.tol) {
        fail(rel, check, `pdf page ${i + 1}`, `page size ${w} x ${h} pt is not ${paperName} portrait (${ew} x ${eh} pt ±2, via ${via})`);
      }
    });
    if (paper) {
      stats.notices++;
      if (sizes.length !== 1) fail(rel, 'notice-one-page', pdfPath, `prints on ${sizes.length} ${paperName} pages; a notice must fit on exactly one`);
      const t = spawnSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
      const squash = (x) => x.replace(/\s+/g, '');
      const pdfText = squash(t.stdout || '');
      const wanted = pageData.get(rel).noticeTexts;
      if (t.status !== 0) fail(rel, 'notice-pdf-text', pdfPath, `pdftotext failed: ${(t.stderr || '').trim()}`);
      else if (wanted.length < 2) fail(rel, 'notice-pdf-text', 'html', 'no .notice-headline or .notice-organisation-name text found');
      for (const w of wanted) {
        if (!pdfText.includes(squash(w))) fail(rel, 'notice-pdf-text', pdfPath, `the PDF's text lacks «${w}»`);
      }
    }
  } catch (e) {
    fail(rel, 'browser', served, `error while checking: ${e.message.split('\n')[0]}`);
  } finally {
    await page.close().catch(() => {});
  }
}

// In the page, under print emulation at the paper's printable width: the smallest computed
// font size of any visible text (in pt) and the smallest QR code (in mm).
// Sizes inside the sheet are in container units: the viewport is whole pixels, so they are
// scaled by the exact printable width over the sheet's measured width.
function noticeSizes(exactWidthPx) {
  const sheet = document.querySelector('.sheet');
  const k = sheet ? exactWidthPx / sheet.getBoundingClientRect().width : 1;
  let min = Infinity, where = '';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || !el.checkVisibility()) continue;
    const pt = parseFloat(getComputedStyle(el).fontSize) * 0.75 * (sheet && sheet.contains(el) ? k : 1);
    if (pt < min) { min = pt; where = `${el.localName}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} «${n.textContent.trim().slice(0, 40)}»`; }
  }
  const qrs = [...document.querySelectorAll('svg.qr')].map((q) => Math.min(q.getBoundingClientRect().width, q.getBoundingClientRect().height) * k * 25.4 / 96);
  return { min, where, qr: qrs.length ? Math.min(...qrs) : null };
}

// ---------------------------------------------------------------- static (post-browser) checks
function resolveRef(rel, data, raw) {
  const pageUrl = publicUrl(rel);
  let baseForRefs = pageUrl;
  if (data.baseHref) { try { baseForRefs = new URL(data.baseHref, pageUrl).href; } catch { /* ignore */ } }
  return new URL(raw.trim(), baseForRefs);
}

function stylesheetBytes(file, seen) {
  if (seen.has(file)) return 0;
  seen.add(file);
  const abs = path.join(ROOT, file);
  let bytes = fs.statSync(abs).size;
  const css = fs.readFileSync(abs, 'utf8');
  const fileUrl = new URL(file.split('/').map(encodeURIComponent).join('/'), BASE);
  for (const m of css.matchAll(/@import\s+(?:url\(\s*)?["']?([^"')\s;]+)/g)) {
    const t = urlToFile(new URL(m[1], fileUrl));
    if (t.kind === 'file') bytes += stylesheetBytes(t.file, seen);
  }
  return bytes;
}

function cssUrlRefs(file) {
  // url(...) references inside stylesheets must resolve too
  const css = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const fileUrl = new URL(file.split('/').map(encodeURIComponent).join('/'), BASE);
  const out = [];
  for (const m of css.matchAll(/url\(\s*(["']?)([^"')]+)\1\s*\)|@import\s+["']([^"']+)["']/g)) {
    const raw = (m[2] || m[3] || '').trim();
    if (!raw || raw.startsWith('data:') || raw.startsWith('#')) continue;
    out.push({ raw, url: new URL(raw, fileUrl), line: css.slice(0, m.index).split('\n').length });
  }
  return out;
}

function isNoindex(data) {
  return data.robots.some((c) => /\b(noindex|none)\b/i.test(c));
}

function staticChecks() {
  const src = new Map(HTML_FILES.map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')]));
  const idSets = new Map([...pageData].map(([f, d]) => [f, new Set(d.ids)]));
  const HREFLANG_RE = /^(x-default|[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)$/i;
  const cssChecked = new Set();

  for (const rel of HTML_FILES) {
    const d = pageData.get(rel);
    if (!d) continue; // browser failure already reported
    const s = src.get(rel);

    // <html lang> and <h1>
    if (!d.lang || !d.lang.trim()) fail(rel, 'html-lang', 'html', '<html> has no lang attribute');
    if (d.h1.length !== 1) fail(rel, 'single-h1', d.h1.join(', ') || 'body', `expected exactly one <h1>, found ${d.h1.length}`);

    // no JavaScript
    for (const sc of d.scripts) fail(rel, 'no-js', sc.sel + (sc.src ? ` src=${sc.src}` : ''), `<script${sc.type ? ` type="${sc.type}"` : ''}> element present (pages must not contain scripts)${lineOf(s, sc.src) ? ` at line ${lineOf(s, sc.src)}` : ''}`);
    for (const l of d.jsLinks) fail(rel, 'no-js', l.sel, `script preload link ${l.href}`);
    for (const sel of d.inlineHandlers) fail(rel, 'no-js', sel, 'inline event-handler attribute (on*)');

    // links and fragments
    for (const r of d.refs) {
      const raw = r.raw.trim();
      const where = () => `${r.sel} [${r.attr}="${r.raw}"]${lineOf(s, r.raw) ? ` line ${lineOf(s, r.raw)}` : ''}`;
      if (/^javascript:/i.test(raw)) { fail(rel, 'no-js', where(), 'javascript: URL'); continue; }
      let u;
      try { u = resolveRef(rel, d, raw); } catch { fail(rel, 'link', where(), 'unparseable URL'); continue; }
      const t = urlToFile(u);
      if (t.kind === 'other' || t.kind === 'external') {
        if (t.kind === 'external' && /\.m?js$/i.test(u.pathname)) fail(rel, 'no-js', where(), 'links a .js file');
        if (t.kind === 'external') stats.external++;
        continue;
      }
      if (/\.m?js$/i.test(u.pathname)) fail(rel, 'no-js', where(), 'links a .js file');
      if (t.kind === 'outside') {
        // An absolute URL to another part of the same host (e.g. the company's
        // main site) is external to this build; a relative or root-relative
        // one that lands outside the base path ignores the base URL.
        if (!/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(raw)) fail(rel, 'link', where(), `resolves to ${u.href}, outside the base path ${BASE_PATH} (root-relative link that ignores the base URL?)`);
        continue;
      }
      if (t.kind === 'missing') { fail(rel, 'link', where(), `target not found in the output: ${t.rel}`); continue; }
      stats.links++;
      if (u.hash && u.hash !== '#') {
        stats.fragments++;
        let frag = u.hash.slice(1);
        try { frag = decodeURIComponent(frag); } catch { /* keep */ }
        if (/\.html?$/i.test(t.file) && frag.toLowerCase() !== 'top') {
          const ids = idSets.get(t.file);
          if (ids && !ids.has(frag)) fail(rel, 'fragment', where(), `no element with id="${frag}" in ${t.file}`);
        }
      }
      if (r.tag === 'link' && /\bstylesheet\b/i.test(r.rel) && /\.css$/i.test(t.file) && !cssChecked.has(t.file)) {
        cssChecked.add(t.file);
        for (const c of cssUrlRefs(t.file)) {
          const ct = urlToFile(c.url);
          if (ct.kind === 'outside' && !/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(c.raw)) fail(t.file, 'link', `line ${c.line} url(${c.raw})`, `outside the base path ${BASE_PATH}`);
          else if (ct.kind === 'missing') fail(t.file, 'link', `line ${c.line} url(${c.raw})`, `target not found in the output: ${ct.rel}`);
        }
      }
    }

    // page weight
    let bytes = Buffer.byteLength(s);
    const seen = new Set();
    const parts = [`${rel} ${bytes}`];
    for (const href of d.stylesheets) {
      let u; try { u = resolveRef(rel, d, href); } catch { continue; }
      const t = urlToFile(u);
      if (t.kind === 'file') { const b = stylesheetBytes(t.file, seen); if (b) { bytes += b; parts.push(`${t.file} ${b}`); } }
    }
    if (bytes >= opts.maxBytes) fail(rel, 'page-weight', 'html+css', `${bytes} bytes >= ${opts.maxBytes} (${parts.join(' + ')})`);

    // canonical
    if (d.canonicals.length > 1) fail(rel, 'canonical', 'link[rel=canonical]', `${d.canonicals.length} canonical links (expected one)`);
    if (d.canonicals.length === 0) {
      if (!isNoindex(d)) fail(rel, 'canonical', 'head', 'missing <link rel="canonical"> (page is indexable)');
    } else {
      const c = d.canonicals[0];
      let cu = null;
      try { cu = new URL(c); } catch { fail(rel, 'canonical', `link[rel=canonical][href="${c}"]`, 'canonical must be an absolute URL'); }
      if (cu) {
        if (!cu.href.startsWith(BASE.href)) fail(rel, 'canonical', `link[rel=canonical][href="${c}"]`, `not under the base URL ${BASE.href}`);
        else {
          const t = urlToFile(cu);
          if (t.kind !== 'file' || t.file !== rel) fail(rel, 'canonical', `link[rel=canonical][href="${c}"]`, `maps to ${t.file || t.rel || t.kind}, not to this page`);
        }
      }
    }

    // hreflang set shape
    stats.hreflang += d.alternates.length;
    if (d.alternates.length) {
      const langs = new Map();
      for (const a of d.alternates) {
        const sel = `link[rel=alternate][hreflang="${a.hreflang}"]`;
        if (!HREFLANG_RE.test(a.hreflang)) fail(rel, 'hreflang', sel, `invalid hreflang value "${a.hreflang}"`);
        if (langs.has(a.hreflang.toLowerCase())) fail(rel, 'hreflang', sel, 'hreflang listed twice');
        langs.set(a.hreflang.toLowerCase(), a.href);
        if (!/^https?:\/\//i.test(a.href)) fail(rel, 'hreflang', `${sel}[href="${a.href}"]`, 'alternate URLs must be absolute');
      }
      if (!langs.has('x-default')) fail(rel, 'hreflang', 'head', `hreflang set (${[...langs.keys()].join(', ')}) has no x-default`);
    } else if (!isNoindex(d)) {
      fail(rel, 'hreflang', 'head', 'no <link rel="alternate" hreflang> links (bilingual site)');
    }
  }

  // hreflang reciprocity
  const altFiles = new Map(); // rel -> Map(lang -> file)
  for (const [rel, d] of pageData) {
    const m = new Map();
    for (const a of d.alternates) {
      try { const t = urlToFile(resolveRef(rel, d, a.href)); if (t.kind === 'file') m.set(a.hreflang.toLowerCase(), t.file); } catch { /* reported above */ }
    }
    altFiles.set(rel, m);
  }
  for (const [a, set] of altFiles) {
    if (!set.size) continue;
    const selfLangs = [...set].filter(([l, f]) => f === a && l !== 'x-default').map(([l]) => l);
    if (!selfLangs.length && set.get('x-default') !== a) {
      fail(a, 'hreflang', 'head', 'hreflang set does not list the page itself');
    }
    const htmlLang = (pageData.get(a).lang || '').toLowerCase();
    const myLang = selfLangs.includes(htmlLang) ? htmlLang : selfLangs[0];
    if (selfLangs.length && htmlLang && !selfLangs.some((l) => l === htmlLang || htmlLang.startsWith(l + '-') || l.startsWith(htmlLang + '-'))) {
      fail(a, 'hreflang', 'html[lang]', `<html lang="${htmlLang}"> but the page lists itself as hreflang ${selfLangs.join('/')}`);
    }
    for (const [lang, b] of set) {
      if (b === a) continue;
      const bset = altFiles.get(b);
      if (!bset) continue;
      if (lang !== 'x-default' && myLang) {
        if (bset.get(myLang) !== a) {
          fail(a, 'hreflang-reciprocal', `link[hreflang="${lang}"] → ${b}`, `${b} does not list ${a} as hreflang="${myLang}" (it lists ${bset.get(myLang) || 'nothing'})`);
        }
      }
      if (lang !== 'x-default' && set.has('x-default') && bset.get('x-default') !== set.get('x-default')) {
        fail(a, 'hreflang-reciprocal', `link[hreflang="x-default"]`, `x-default is ${set.get('x-default')} here but ${bset.get('x-default') || 'missing'} on alternate ${b}`);
      }
    }
  }

  // sitemap.xml
  const smPath = path.join(ROOT, 'sitemap.xml');
  if (!fs.existsSync(smPath)) { fail('sitemap.xml', 'sitemap', '-', 'sitemap.xml missing'); return; }
  const sm = fs.readFileSync(smPath, 'utf8');
  const unesc = (x) => x.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&').trim();
  const attrs = (tag) => Object.fromEntries([...tag.matchAll(/([\w:-]+)\s*=\s*(["'])(.*?)\2/g)].map((m) => [m[1].toLowerCase(), unesc(m[3])]));
  const smLine = (idx) => sm.slice(0, idx).split('\n').length;
  if (!/<urlset\b[^>]*xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9"/.test(sm)) fail('sitemap.xml', 'sitemap', 'urlset', 'missing <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
  const entries = new Map();
  for (const m of sm.matchAll(/<url>([\s\S]*?)<\/url>/g)) {
    const body = m[1];
    const loc = /<loc>([\s\S]*?)<\/loc>/.exec(body);
    if (!loc) { fail('sitemap.xml', 'sitemap', `line ${smLine(m.index)}`, '<url> without <loc>'); continue; }
    const url = unesc(loc[1]);
    if (entries.has(url)) fail('sitemap.xml', 'sitemap', `line ${smLine(m.index)}`, `duplicate <loc> ${url}`);
    const alts = new Map();
    const links = [...body.matchAll(/<(\w+:)?link\b[^>]*>/g)];
    if (links.length && !/xmlns:xhtml="http:\/\/www\.w3\.org\/1999\/xhtml"/.test(sm)) fail('sitemap.xml', 'sitemap', 'urlset', 'xhtml:link used but xmlns:xhtml="http://www.w3.org/1999/xhtml" is not declared');
    for (const l of links) {
      const at = attrs(l[0]);
      if ((at.rel || '').toLowerCase() === 'alternate' && at.hreflang) alts.set(at.hreflang.toLowerCase(), at.href || '');
    }
    entries.set(url, { alts, line: smLine(m.index) });
    stats.sitemap++;
  }
  const expected = new Map(); // canonical URL -> page
  for (const [rel, d] of pageData) {
    if (isNoindex(d)) continue;
    let cu = publicUrl(rel);
    if (d.canonicals[0]) { try { cu = new URL(d.canonicals[0]).href; } catch { /* reported */ } }
    expected.set(cu, rel);
  }
  for (const [url, rel] of expected) {
    if (!entries.has(url)) { fail('sitemap.xml', 'sitemap', rel, `indexable page ${rel} is not listed (expected <loc>${url}</loc>)`); continue; }
    const d = pageData.get(rel);
    const e = entries.get(url);
    const pageAlts = new Map(d.alternates.map((a) => { let h = a.href; try { h = resolveRef(rel, d, a.href).href; } catch { /* keep */ } return [a.hreflang.toLowerCase(), h]; }));
    const keys = new Set([...pageAlts.keys(), ...e.alts.keys()]);
    for (const k of [...keys].sort()) {
      const p = pageAlts.get(k), x = e.alts.get(k);
      if (p !== x) fail('sitemap.xml', 'sitemap-alternates', `line ${e.line} <loc>${url}</loc> hreflang="${k}"`, `sitemap has ${x ? `href ${x}` : 'no entry'}, page ${rel} has ${p ? `href ${p}` : 'no entry'}`);
    }
  }
  for (const [url, e] of entries) {
    if (expected.has(url)) continue;
    let why = 'not a built indexable page';
    try {
      const t = urlToFile(new URL(url));
      if (t.kind === 'file' && pageData.has(t.file)) why = isNoindex(pageData.get(t.file)) ? `${t.file} is noindex` : `${t.file}'s canonical URL is ${[...expected].find(([, r]) => r === t.file)?.[0]}`;
      else if (t.kind === 'missing') why = `no such file ${t.rel}`;
      else if (t.kind !== 'file') why = `not under the base URL ${BASE.href}`;
    } catch { why = 'not an absolute URL'; }
    fail('sitemap.xml', 'sitemap', `line ${e.line} <loc>${url}</loc>`, `listed but ${why}`);
  }
}

// ---------------------------------------------------------------- main
async function main() {
  const t0 = Date.now();
  await fsp.rm(SCREENS, { recursive: true, force: true });
  await fsp.mkdir(SCREENS, { recursive: true });
  console.log(`check-site [${NAME}]: ${HTML_FILES.length} pages in ${ROOT}, base ${BASE.href}`);

  const vnuDone = runVnu().then(() => console.log(`  html-valid: Nu HTML Checker done (${((Date.now() - t0) / 1000).toFixed(1)}s)`));

  const { chromium } = require('playwright-core');
  const axeSource = require('axe-core').source;
  const server = await startServer();
  const origin = `http://127.0.0.1:${server.address().port}`;
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-US', reducedMotion: 'reduce' });
    const external = new Map();
    const queue = [...HTML_FILES];
    const worker = async () => {
      for (let rel = queue.shift(); rel; rel = queue.shift()) await checkPage(context, origin, rel, axeSource, external);
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, HTML_FILES.length) }, worker));
    for (const [url, pg] of external) {
      fail(pg, 'external-resource', url, 'page loads a resource from another host (blocked during the test; the site must be self-contained)');
    }
    console.log(`  browser: ${HTML_FILES.length} pages x ${WIDTHS.join('/')}px + print done (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  } catch (e) {
    fail('-', 'browser', CHROMIUM, `could not run Chromium: ${e.message.split('\n')[0]}`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    server.close();
  }
  const seenRes = new Set();
  for (const r of resourceProblems) {
    const k = `${r.page}|${r.url}`;
    if (seenRes.has(k)) continue;
    seenRes.add(k);
    fail(r.page, 'resource', r.url, `HTTP ${r.status} while loading the page`);
  }

  staticChecks();
  await vnuDone;

  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  for (const [p, m] of Object.entries(noticeMinima).sort()) {
    console.log(`  notices on ${p}: smallest text ${m.pt.toFixed(2)} pt (${m.ptAt}), smallest QR code ${m.qr.toFixed(1)} mm (${m.qrAt})`);
  }
  console.log(`  checked: ${stats.links} internal links (${stats.fragments} with #fragment), ${stats.external} external links (not followed), ${stats.hreflang} hreflang links, ${stats.sitemap} sitemap entries, ${stats.axeRuns} axe runs, ${stats.pdfPages} PDF pages, ${stats.notices} notices printed on one sheet each`);
  if (failures.length) {
    failures.sort((a, b) => a.page.localeCompare(b.page) || a.check.localeCompare(b.check));
    console.log(`\nFAILURES [${NAME}] (${failures.length}):`);
    for (const f of failures) console.log(`  ✗ ${f.page}  [${f.check}]  ${f.where}\n      ${f.message}`);
    const byCheck = {};
    for (const f of failures) { const k = f.check.split('@')[0]; byCheck[k] = (byCheck[k] || 0) + 1; }
    console.log(`\ncheck-site [${NAME}]: FAILED — ${failures.length} failure(s) (${Object.entries(byCheck).map(([k, v]) => `${k}: ${v}`).join(', ')}) in ${secs}s; screenshots/PDFs in ${SCREENS}`);
    process.exit(1);
  }
  console.log(`check-site [${NAME}]: OK — ${HTML_FILES.length} pages passed all checks in ${secs}s; screenshots/PDFs in ${SCREENS}`);
}

main().catch((e) => { console.error(e); process.exit(2); });
