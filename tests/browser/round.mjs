// The yearly cycle of `zakrila serve`, end to end, in real headless Chromium.
//
// The contributions round: the secretary signs in, copies a personal link, and later reviews
// and merges; the institutions open their links in browsers of their own (no secretary
// cookie), download the template, upload files (one faulty, then corrected), read the
// findings and download the marked-up copy. The downloads are checked with openpyxl, and the
// portal's programme workbook is compared byte for byte with `zakrila merge` run on the same
// files.
// The reporting round (reportingRound below): the secretary starts it from the adopted
// programme; two lead institutions download their reporting workbooks, fill them with
// openpyxl and send them through their pages, a third does not (late, with a reminder); the
// secretary collects the implementation report (compared byte for byte with `zakrila report
// collect`), downloads the national export (UTF-8 and Windows-1251; checked with Python's csv
// module, `frictionless validate` and against `zakrila export`), reads the audit log and
// downloads every file sent with its manifest.
// What the merge takes (portal.md, "What a merge takes"): a school sends РУО's file through
// ПИЦ's link (held; the secretary returns it), an institution sends a PDF (unreadable, one
// sentence), the secretary reads the page before the merge (what is taken, what is left
// out and why) and merges; the reporting round starts from the page that lists its lead
// institutions and indicators. The portal runs as on a municipal server: its links start
// with zakrila.test, which Chromium resolves to this machine. Last (loopbackRound), the
// double-click portal on this computer only: no links, a file received by e-mail dropped on
// an institution's row. Then (mailRound) the portal with [mail] and a real SMTP server on
// loopback: the links e-mailed in one click, an institution following its letter's link and
// getting its upload's receipt.
// Screenshots of every page go to <target>/screenshots/, <target> being cargo's target
// directory (`cargo metadata`'s target_directory: ./target unless CARGO_TARGET_DIR or a
// .cargo/config.toml says otherwise).
//
// Run: node tests/browser/round.mjs (scripts/test runs it after cargo test).
// Environment: ZAKRILA_BIN (default <target>/debug/zakrila), ZAKRILA_TARGET_DIR (default: asked
// of `cargo metadata`), CHROMIUM (default
// /usr/bin/chromium), PYTHON (default python3), FRICTIONLESS (default frictionless), KEEP=1
// keeps the temporary folder.
// Exits 1 with the failed check, the last server log lines and the folder's path.

import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// zakrila speaks English when the locale is English; this test reads its Bulgarian, so
// every program it starts runs in the neutral C.UTF-8 locale. (Not without a locale: then
// Chromium cannot name a download with Cyrillic letters and calls it "download".)
for (const name of ['LC_ALL', 'LC_MESSAGES']) delete process.env[name];
process.env.LANG = 'C.UTF-8';

const HERE = path.dirname(fileURLToPath(import.meta.url));

// Where cargo builds, as cargo decides it: `cargo metadata`'s target_directory.
function cargoTargetDir() {
  const result = spawnSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], {
    cwd: path.resolve(HERE, '..', '..'),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    console.error(`browser round: cargo metadata failed (set ZAKRILA_BIN and ZAKRILA_TARGET_DIR):\n${result.stderr}`);
    process.exit(1);
  }
  return JSON.parse(result.stdout).target_directory;
}
const ROOT = path.resolve(HERE, '..', '..');
const TARGET_DIR = process.env.ZAKRILA_TARGET_DIR || cargoTargetDir();
const BIN = process.env.ZAKRILA_BIN || path.join(TARGET_DIR, 'debug', 'zakrila');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PYTHON = process.env.PYTHON || 'python3';
const FRICTIONLESS = process.env.FRICTIONLESS || 'frictionless';
const SAMPLES = path.join(ROOT, 'samples', 'ruse-2025');
const CONFIG = path.join(SAMPLES, 'programme.toml');
const SHOTS = path.join(TARGET_DIR, 'screenshots');
// A path as printed: relative to the repository when inside it.
const shown = (file) => (path.relative(ROOT, file).startsWith('..') ? file : path.relative(ROOT, file));
// The name the portal's links start with, as on a municipal server; Chromium finds it here.
const HOST = 'zakrila.test';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  `--host-resolver-rules=MAP ${HOST} 127.0.0.1`];

// The faulty sample, and how the others are sent: through their page, or the JSON API.
const FAULTY = '04-od-mvr-ruse-s-greshki.xlsx';
const FIXED_NAME = '04-od-mvr-ruse-popraven.xlsx';
const OTHERS = [
  ['01-obshtina-ruse.xlsx', 'page'],
  ['02-ruo-ruse.xlsx', 'api'],
  ['03-rzi-ruse.ods', 'api'],
  ['05-dsp-ruse.xlsx', 'api'],
  ['06-mkbppmn.xls', 'page'],
  ['07-obsnv.xlsx', 'page'],
];
// The file the secretary returns, with this comment; the others are accepted.
const RETURNED_FILE = '07-obsnv.xlsx';
const RETURN_COMMENT = 'Моля, допълнете бюджета на дейност 7.1.2 и изпратете файла отново.';
// The wrong link: a school forwards РУО's file, and it is sent through ПИЦ's link; the
// secretary returns it with this comment. ЦПЛР sends a PDF.
const WRONG_FILE = '02-ruo-ruse.xlsx';
const WRONG_LINK = 'ПИЦ';
const WRONG_COMMENT = 'Изпратихте файла на РУО – Русе; изпратете своя принос.';
const PDF_SENDER = 'ЦПЛР';
// The reporting round: two lead institutions report through their pages, one does not.
const REPORTERS = ['РУО – Русе', 'РЗИ – Русе'];
const SILENT = 'ОД на МВР – Русе';

const started = Date.now();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zakrila-browser-'));
const problems = []; // script errors, console errors, failed requests: checked at the end
let server = null;
let browser = null;

class Failed extends Error {}
function check(condition, message) {
  if (!condition) throw new Failed(message);
}
function equal(got, want, what) {
  check(got === want, `${what}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
}
function step(text) {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${text}`);
}

// ---- helpers around programs ----

function run(program, args, { allowFail = false, cwd = ROOT } = {}) {
  const result = spawnSync(program, args, { encoding: 'utf-8', cwd, maxBuffer: 64 << 20 });
  if (result.error) throw new Failed(`${program} did not run: ${result.error.message}`);
  if (result.status !== 0 && !allowFail) {
    throw new Failed(`${program} ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  }
  return result;
}

function python(script, ...args) {
  return run(PYTHON, [path.join(HERE, script), ...args]).stdout;
}

function validateJson(file) {
  // validate exits 1 when a file has errors; the report is on stdout either way.
  const result = run(BIN, ['validate', '--config', CONFIG, '--format', 'json', file], { allowFail: true });
  try {
    return JSON.parse(result.stdout);
  } catch {
    throw new Failed(`zakrila validate --format json ${file} gave no JSON:\n${result.stdout}${result.stderr}`);
  }
}

/** How many more Данни rows than source rows a file gives: a cell of n indicators is n rows. */
function extraIndicatorRows(report) {
  return report.findings.filter((f) => f.code === 'indicators-split').reduce((sum, f) => {
    const found = f.message.match(/има (\d+) индикатора/);
    check(found, `indicators-split message "${f.message}"`);
    return sum + Number(found[1]) - 1;
  }, 0);
}

const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A date as TOML writes it, `days` from today. */
function isoDate(days) {
  const date = new Date(Date.now() + days * 86400000);
  return [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
}

/** The sample config with a `[portal]` table whose reports were due ten days ago. */
function reportingConfig() {
  const file = path.join(work, 'programme.toml');
  fs.writeFileSync(file, `${fs.readFileSync(CONFIG, 'utf-8')}\n[portal]\nreports_due = ${isoDate(-10)}\n`);
  return file;
}

const serverLogs = []; // the lines each server printed, for the checks at the end

/** A TCP port free a moment ago. */
async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** A URL of the portal as Node reaches it: zakrila.test is Chromium's name for 127.0.0.1. */
const direct = (url) => url.replace(`//${HOST}:`, '//127.0.0.1:');

/**
 * Starts `zakrila serve` on 127.0.0.1:`port`; its links start with http://zakrila.test:`port`
 * (a portal institutions could reach), or with its own address when `loopback`.
 */
function startServer(password, { config = CONFIG, port, data = path.join(work, 'data'), loopback = false } = {}) {
  const args = ['serve', '--config', config, '--data', data, '--listen', `127.0.0.1:${port}`];
  if (!loopback) args.push('--base-url', `http://${HOST}:${port}`);
  const child = spawn(BIN, args, {
    env: { ...process.env, ZAKRILA_ADMIN_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = [];
  serverLogs.push(log);
  let exited = null;
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => {
    exited = { code, signal };
    resolve(exited);
  }));
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Failed(`the server printed no address in 30 s:\n${log.join('\n')}`)), 30000);
    let buffer = '';
    const take = (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        log.push(line);
        const found = line.match(/работи на (https?:\/\/\S+)/);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      }
    };
    child.stderr.setEncoding('utf-8').on('data', take);
    child.stdout.setEncoding('utf-8').on('data', take);
    exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Failed(`the server stopped (${code ?? signal}):\n${log.join('\n')}`));
    });
  });
  return {
    child, log, url,
    async stop() {
      if (exited) return exited;
      child.kill('SIGTERM');
      let timer;
      const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), 10000); });
      const result = await Promise.race([exit, timeout]);
      clearTimeout(timer);
      if (!result) {
        child.kill('SIGKILL');
        problems.push('the server did not stop within 10 s of SIGTERM');
        return exit;
      }
      return result;
    },
  };
}

// ---- helpers around pages ----

async function newContext(viewport = { width: 1280, height: 900 }, phone = false) {
  return browser.newContext({ acceptDownloads: true, viewport, locale: 'bg-BG', isMobile: phone, hasTouch: phone });
}

async function newPage(context, label) {
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`${label}: script error: ${error.message}`));
  page.on('console', (message) => {
    const wrongPassword = / 401 /.test(message.text()) && (message.location().url || '').endsWith('/login');
    if (message.type() === 'error' && !wrongPassword) problems.push(`${label}: console error: ${message.text()}`);
  });
  page.on('response', (response) => {
    // The wrong password's 401 is the one refusal this round asks for.
    if (response.status() >= 400 && !(response.status() === 401 && response.url().endsWith('/login'))) {
      problems.push(`${label}: ${response.request().method()} ${response.url()} answered ${response.status()}`);
    }
  });
  return page;
}

/** A screenshot of the whole page, or of the part from the top of `from` to the bottom of `to`. */
async function shot(page, name, { from = null, to = null } = {}) {
  const file = path.join(SHOTS, name);
  let clip;
  if (from) {
    const [top, bottom] = [await from.boundingBox(), await (to ?? from).boundingBox()];
    const { scrollY, width } = await page.evaluate(() => ({ scrollY: window.scrollY, width: window.innerWidth }));
    const y = Math.max(0, top.y + scrollY - 16);
    clip = { x: 0, y, width, height: bottom.y + scrollY + bottom.height + 16 - y };
  }
  await page.screenshot({ path: file, fullPage: true, clip });
  // Nothing may stick out sideways: the page itself must not scroll horizontally.
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, width: window.innerWidth,
  }));
  check(scroll <= width, `${name}: the page is ${scroll} px wide in a ${width} px window (something overflows)`);
  step(`  screenshot ${shown(file)}`);
}

/**
 * A JSON answer of the portal's API, asked by the browser (the page's session, and Chromium
 * finding zakrila.test) in a tab of its own: the pages' Content-Security-Policy lets no
 * script of theirs fetch.
 */
async function apiJson(page, path) {
  const tab = await page.context().newPage();
  try {
    const answer = await tab.goto(new URL(path, page.url()).href);
    check(answer.ok(), `${path} answered ${answer.status()}`);
    return await answer.json();
  } finally {
    await tab.close();
  }
}

async function text(locator) {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** Clicks what starts a download, saves it under `work`, and gives its path and name
 * (a zip — .xlsx, .docx, .zip — unless `zip` is false). */
async function download(page, locator, as, { zip = true } = {}) {
  const [event] = await Promise.all([page.waitForEvent('download', { timeout: 20000 }), locator.click()]);
  const failure = await event.failure();
  check(!failure, `download ${as} failed: ${failure}`);
  const file = path.join(work, as);
  await event.saveAs(file);
  const bytes = fs.readFileSync(file);
  check(bytes.length > 0 && (!zip || bytes.subarray(0, 2).toString() === 'PK'), `${as}: not a zip (xlsx) file`);
  return { file, name: event.suggestedFilename() };
}

/** The dashboard's row of an institution (its name in th[scope=row], exactly). */
function dashboardRow(page, institution) {
  return page.locator('table.dashboard tbody tr', {
    has: page.getByRole('rowheader', { name: institution, exact: true }),
  });
}

/** Uploads a file through an institution's page and checks the page it lands on. */
async function uploadThroughPage(page, link, file, { version, rows, errors, warnings }) {
  await page.locator('form.upload input#file').setInputFiles(file);
  await Promise.all([
    page.waitForURL(/\/i\/[^?]+\?v=\d+&sent=1#shown$/, { timeout: 30000 }),
    page.locator('form.upload').getByRole('button', { name: 'Изпрати файла' }).click(),
  ]);
  check(page.url().startsWith(`${link}?v=`), `after the upload the page is ${page.url()}, not under ${link}`);
  const shown = page.locator('section#shown');
  equal(await text(shown.locator('p.received')), `Версия ${version} е получена и запазена.`, 'received sentence');
  const heading = await text(shown.locator('h2'));
  check(heading.includes(`Версия ${version}`) && heading.includes(path.basename(file)),
    `shown heading "${heading}" lacks the version ${version} or the file name`);
  const counts = await text(shown.locator('p.counts'));
  for (const [n, one, many] of [[rows, 'ред', 'реда'], [errors, 'грешка', 'грешки'], [warnings, 'предупреждение', 'предупреждения']]) {
    const word = n === 1 ? one : many;
    check(new RegExp(`(^|\\D)${n} ${word}([,. ]|$)`).test(counts), `counts "${counts}" should say ${n} ${word}`);
  }
  return Number(new URL(page.url()).searchParams.get('v'));
}

/** "„А“ (върнат), „Б“ (нечетим)" in the order of the config (the dashboard's). */
function orderedLeftOut(list, links) {
  const order = Object.keys(links);
  return list.split(/, (?=„)/).sort((a, b) => order.indexOf(a.match(/„(.*)“/)[1]) - order.indexOf(b.match(/„(.*)“/)[1])).join(', ');
}

/** The rows of the versions table: [version, file, review word, comment]. */
async function versionRows(page) {
  return page.locator('table.versions tbody tr').evaluateAll((rows) => rows.map((row) => {
    const cells = [...row.querySelectorAll('td')].map((td) => td.innerText.replace(/\s+/g, ' ').trim());
    return { version: cells[0], file: cells[2], state: cells[6], comment: cells[7] };
  }));
}

// ---- the round ----

async function round() {
  check(fs.existsSync(BIN), `no ${BIN}: run cargo build first`);
  check(fs.existsSync(CHROMIUM), `no ${CHROMIUM}: install chromium`);
  fs.mkdirSync(SHOTS, { recursive: true });

  // What zakrila validate says of each sample: the institution it names, its rows and findings.
  const samples = {};
  for (const file of [FAULTY, ...OTHERS.map(([name]) => name)]) {
    const report = validateJson(path.join(SAMPLES, file)).files[0];
    samples[file] = { path: path.join(SAMPLES, file), ...report };
  }
  const faulty = samples[FAULTY];
  const faultyErrors = faulty.findings.filter((f) => f.severity === 'error');
  equal(faultyErrors.length, 3, `errors zakrila validate finds in ${FAULTY}`);
  const configured = (fs.readFileSync(CONFIG, 'utf-8').match(/^\[\[institution\]\]/gm) || []).length;

  const password = crypto.randomBytes(18).toString('base64url');
  const port = await freePort();
  server = startServer(password, { port });
  const base = await server.url;
  equal(base, `http://${HOST}:${port}`, 'the address the portal says');
  step(`server at ${base} (data in ${path.join(work, 'data')})`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

  // 1. The secretary signs in and copies the faulty institution's link.
  const secretary = await newContext();
  const desk = await newPage(secretary, 'secretary');
  await desk.goto(`${base}/`);
  check(new URL(desk.url()).pathname === '/login', `/ without a session went to ${desk.url()}, not /login`);
  equal(await desk.locator('html').getAttribute('lang'), 'bg', 'login page language');
  await shot(desk, '01-login.png');
  await desk.fill('#password', 'не-е-паролата');
  await Promise.all([desk.waitForEvent('load'), desk.locator('main form button[type=submit]').click()]);
  check(await desk.locator('.error-box').isVisible(), 'a wrong password shows no error');
  await desk.fill('#password', password);
  await Promise.all([
    desk.waitForURL(`${base}/`),
    desk.locator('main form button[type=submit]').click(),
  ]);
  check(await desk.locator('table.dashboard').isVisible(), 'no dashboard after signing in');
  const headline = await text(desk.locator('main > p.headline'));
  check(headline.startsWith(`0 от ${configured} институции са подали файл`), `headline "${headline}"`);
  equal(await desk.locator('table.dashboard tbody tr').count(), configured, 'dashboard rows');
  step('secretary signed in; dashboard lists every institution');

  const row = dashboardRow(desk, faulty.institution);
  equal(await row.count(), 1, `rows for ${faulty.institution}`);
  equal(await text(row.locator('span.badge').first()), 'няма файл', `${faulty.institution} state before`);
  // "Нова връзка" asks first; saying no keeps the link.
  const before = await row.locator('input.link-text').inputValue();
  let asked = '';
  desk.once('dialog', (dialog) => { asked = dialog.message(); dialog.dismiss(); });
  await row.getByRole('button', { name: 'Нова връзка' }).click();
  await desk.waitForTimeout(300);
  check(asked.includes(faulty.institution), `"Нова връзка" did not ask first (asked "${asked}")`);
  equal(await row.locator('input.link-text').inputValue(), before, 'the link after saying no to a new one');
  const copy = row.locator('button.copy');
  const copied = await copy.getAttribute('data-copied');
  await copy.click();
  await desk.waitForFunction((button) => button.textContent === button.getAttribute('data-copied'),
    await copy.elementHandle(), { timeout: 5000 })
    .catch(() => { throw new Failed(`the copy button does not say "${copied}" after a click`); });
  const mvrLink = await row.locator('input.link-text').inputValue();
  equal(await copy.getAttribute('data-copy'), mvrLink, 'the copy button copies the shown link');
  check(new RegExp(`^${base}/i/[A-Za-z0-9_-]{16,}$`).test(mvrLink), `link "${mvrLink}"`);
  // Every link, as the secretary would copy them one by one.
  const links = Object.fromEntries(await desk.locator('table.dashboard tbody tr').evaluateAll((rows) =>
    rows.map((r) => [r.querySelector('th[scope=row]').innerText.trim(), r.querySelector('input.link-text').value])));
  equal(new Set(Object.values(links)).size, configured, 'distinct personal links');
  await shot(desk, '02-dashboard-before.png');

  // The dashboard on a phone: every institution a card, nothing wider than the screen, every
  // copy button within a thumb's reach.
  {
    const phone = await newContext({ width: 390, height: 844 }, true);
    await phone.addCookies(await secretary.cookies());
    const phoneDesk = await newPage(phone, 'secretary (phone)');
    await phoneDesk.goto(`${base}/`);
    const wide = await phoneDesk.evaluate(() => document.documentElement.scrollWidth);
    check(wide <= 390, `the dashboard is ${wide} px wide on a 390 px phone`);
    const rights = await phoneDesk.locator('table.dashboard button.copy').evaluateAll((buttons) =>
      buttons.map((button) => Math.round(button.getBoundingClientRect().right)));
    equal(rights.length, configured, 'copy buttons on the phone');
    check(rights.every((right) => right <= 390), `copy buttons off the screen at 390 px: ${rights}`);
    await shot(phoneDesk, '02b-dashboard-phone.png',
      { from: phoneDesk.locator('main > h1'), to: phoneDesk.locator('table.dashboard tbody tr').nth(2) });
    await phone.close();
  }

  // The letter with the link.
  await Promise.all([desk.waitForURL(/\/letters\/\d+$/), row.getByRole('link', { name: 'Писмо', exact: true }).click()]);
  equal(await text(desk.locator('.link-box code')), mvrLink, 'link in the letter');
  check((await text(desk.locator('article.letter'))).includes(faulty.institution), 'the letter does not name the institution');
  await shot(desk, '03-letter.png');
  step('copied the link of ОД на МВР – Русе; its letter shows it');

  // 2. The institution opens its link in its own browser: template, faulty upload, findings.
  const mvr = await newContext();
  const mvrPage = await newPage(mvr, 'ОД на МВР');
  await mvrPage.goto(mvrLink);
  equal(await text(mvrPage.locator('h1')), faulty.institution, 'institution page heading');
  equal(await mvrPage.locator('form[action="/logout"]').count(), 0, 'a logout form on the institution page');
  const templateLink = mvrPage.getByRole('link', { name: 'Изтегли шаблона' });
  check((await templateLink.getAttribute('href')).endsWith('/template'), 'template link');
  const template = await download(mvrPage, templateLink, 'template.xlsx');
  check(template.name.endsWith('.xlsx'), `template downloads as ${template.name}`);
  python('check_workbooks.py', 'template', template.file, faulty.institution);
  step(`template ${template.name} downloaded; Институция!B1 names the institution`);

  const v1 = await uploadThroughPage(mvrPage, mvrLink, faulty.path,
    { version: 1, rows: faulty.rows, errors: 3, warnings: faulty.warnings });
  const shownCounts = await text(mvrPage.locator('section#shown p.counts'));
  check(shownCounts.includes('3 грешки'), `counts "${shownCounts}" do not mention 3 грешки`);
  const headers = await mvrPage.locator('table.findings').first().locator('thead th').allInnerTexts();
  equal(headers.map((h) => h.trim()).join(' | '), 'Клетка | Колона | Вид | Какво да се направи', 'findings columns');
  const findings = await mvrPage.locator('section#shown table.findings').evaluateAll((tables) => tables.flatMap((table) =>
    [...table.querySelectorAll('tbody tr')].map((tr) => {
      const td = [...tr.querySelectorAll('td')].map((cell) => cell.innerText.replace(/\s+/g, ' ').trim());
      return { caption: table.caption?.innerText.trim(), cell: td[0], column: td[1], severity: td[2], message: td[3] };
    })));
  equal(findings.length, faulty.findings.length, 'findings on the page');
  check(findings.slice(0, faultyErrors.length).every((f) => f.severity === 'грешка'),
    `the errors are not listed first: ${findings.map((f) => f.severity).join(', ')}`);
  for (const finding of faultyErrors) {
    const shown = findings.find((f) => f.cell === finding.cell);
    check(shown, `the page lists no finding at ${finding.cell}: ${JSON.stringify(findings.map((f) => f.cell))}`);
    equal(shown.severity, 'грешка', `severity shown at ${finding.cell}`);
    equal(shown.column, finding.column, `column shown at ${finding.cell}`);
    check(shown.message.includes(finding.message), `message at ${finding.cell}: "${shown.message}"`);
    equal(shown.caption, `Лист „${finding.sheet}“`, `caption of the table holding ${finding.cell}`);
  }
  await shot(mvrPage, '04-institution-findings.png');
  step(`faulty file sent as version 1: the page shows ${faultyErrors.map((f) => f.cell).join(', ')} as errors`);

  const annotatedLink = mvrPage.getByRole('link', { name: 'Изтегли файла с отбелязаните проблеми' });
  check(/^\/api\/v1\/submissions\/\d+\/annotated\?token=/.test(await annotatedLink.getAttribute('href')),
    'marked-up copy link');
  const annotated = await download(mvrPage, annotatedLink, 'annotated.xlsx');
  check(annotated.name.endsWith('.xlsx'), `the marked-up copy downloads as ${annotated.name}`);
  const expectedMarks = path.join(work, 'annotated-expected.json');
  fs.writeFileSync(expectedMarks, JSON.stringify(faulty.findings.map((f) =>
    ({ sheet: f.sheet, cell: f.cell, severity: f.severity, message: f.message }))));
  python(path.join('..', 'py', 'check_annotated.py'), annotated.file, expectedMarks);
  step(`marked-up copy ${annotated.name}: Проверка first, every finding marked (tests/py/check_annotated.py)`);

  // 3. The institution corrects the errors and sends the file again.
  const findingsJson = path.join(work, 'faulty-findings.json');
  fs.writeFileSync(findingsJson, JSON.stringify(validateJson(faulty.path)));
  const fixedPath = path.join(work, FIXED_NAME);
  python('fix_contribution.py', faulty.path, fixedPath, findingsJson);
  const fixed = { path: fixedPath, ...validateJson(fixedPath).files[0] };
  equal(fixed.errors, 0, 'errors zakrila validate finds in the corrected file');
  const v2 = await uploadThroughPage(mvrPage, mvrLink, fixedPath,
    { version: 2, rows: fixed.rows, errors: 0, warnings: fixed.warnings });
  check(v2 !== v1, 'the second upload kept the same id');
  const versions = await versionRows(mvrPage);
  equal(versions.map((v) => v.version).join(','), '2,1', 'versions listed (newest first)');
  equal(versions.map((v) => v.file).join(','), `${FIXED_NAME},${FAULTY}`, 'file names in the versions table');
  equal(versions[1].state, 'с грешки', 'state of version 1');
  equal(versions[0].state, 'подаден', 'state of version 2');
  await shot(mvrPage, '05-institution-fixed.png');
  step('corrected file sent as version 2 with 0 errors; both versions listed');

  // The same page on a phone, showing the faulty version's findings.
  const phone = await newContext({ width: 390, height: 844 }, true);
  const phonePage = await newPage(phone, 'ОД на МВР (phone)');
  await phonePage.goto(`${mvrLink}?v=${v1}#shown`);
  check((await text(phonePage.locator('section#shown p.counts'))).includes('3 грешки'), 'phone page counts');
  await shot(phonePage, '06-institution-phone.png');
  await phone.close();

  // An English page: the institution's page with ?lang=en.
  await mvrPage.goto(`${mvrLink}?lang=en&v=${v1}#shown`);
  equal(await mvrPage.locator('html').getAttribute('lang'), 'en', 'English page language');
  const enCounts = await text(mvrPage.locator('section#shown p.counts'));
  check(enCounts.startsWith('The file has') && enCounts.includes('3 errors'), `English counts "${enCounts}"`);
  check(await mvrPage.getByRole('link', { name: /template/i }).count() > 0, 'no English template link');
  await shot(mvrPage, '07-institution-en.png');
  step('phone-width and English pages shown');

  // 4. The other institutions send their files: some through their pages, some through the API.
  const sent = { [faulty.institution]: { path: fixedPath, name: FIXED_NAME, rows: fixed.rows, splits: extraIndicatorRows(fixed) } };
  const institutionPages = {};
  for (const [file, via] of OTHERS) {
    const sample = samples[file];
    const link = links[sample.institution];
    check(link, `no dashboard row for ${sample.institution} (named in ${file})`);
    if (via === 'page') {
      const context = await newContext();
      const page = await newPage(context, sample.institution);
      await page.goto(link);
      equal(await text(page.locator('h1')), sample.institution, `heading of ${sample.institution}'s page`);
      await uploadThroughPage(page, link, sample.path,
        { version: 1, rows: sample.rows, errors: sample.errors, warnings: sample.warnings });
      institutionPages[sample.institution] = page;
    } else {
      const form = new FormData();
      form.append('file', new Blob([fs.readFileSync(sample.path)]), file);
      const answer = await fetch(direct(`${link}/submissions`), { method: 'POST', body: form, headers: { Accept: 'application/json' } });
      const body = await answer.text();
      equal(answer.status, 201, `API upload of ${file} (${body.slice(0, 300)})`);
      const created = JSON.parse(body);
      equal(created.version, 1, `version of ${file}`);
      equal(created.report.errors, sample.errors, `errors reported for ${file}`);
      equal(created.report.rows, sample.rows, `rows reported for ${file}`);
    }
    sent[sample.institution] = { path: sample.path, name: file, rows: sample.rows, splits: extraIndicatorRows(sample) };
    step(`${sample.institution}: ${file} sent through the ${via === 'page' ? 'page' : 'JSON API'}`);
  }

  // 4b. A school forwards РУО's file, and it goes through ПИЦ's link: kept as ПИЦ's, held.
  const wrongContext = await newContext();
  const wrongPage = await newPage(wrongContext, WRONG_LINK);
  const wrongLink = links[WRONG_LINK];
  check(wrongLink, `no personal link for ${WRONG_LINK}`);
  await wrongPage.goto(wrongLink);
  const wrongSample = samples[WRONG_FILE];
  await uploadThroughPage(wrongPage, wrongLink, wrongSample.path,
    { version: 1, rows: wrongSample.rows, errors: wrongSample.errors, warnings: wrongSample.warnings });
  const heldNotes = await wrongPage.locator('section#shown p.note').allInnerTexts();
  check(heldNotes.some((note) => note.includes(`файлът посочва „${wrongSample.institution}“, а е изпратен с връзката на „${WRONG_LINK}“`)
    && note.includes('задържана')), `the held note on ${WRONG_LINK}'s page: ${JSON.stringify(heldNotes)}`);
  check(heldNotes.some((note) => note === `Същият файл (байт по байт) е изпратен и от „${wrongSample.institution}“.`),
    `${WRONG_LINK}'s page does not say ${wrongSample.institution} sent the same file: ${JSON.stringify(heldNotes)}`);
  equal((await versionRows(wrongPage))[0].state, 'задържан', `state of ${WRONG_LINK}'s version`);
  await shot(wrongPage, '05b-institution-held.png', { from: wrongPage.locator('section#shown') });
  step(`${WRONG_FILE} sent through ${WRONG_LINK}'s link: kept as ${WRONG_LINK}'s version 1, held, the page says why`);

  // 4c. An institution sends a PDF of its contribution (as LibreOffice makes it): kept, one
  // sentence, no findings and no marked-up copy.
  run('soffice', [`-env:UserInstallation=file://${path.join(work, 'lo-profile')}`, '--headless',
    '--convert-to', 'pdf', '--outdir', work, samples['01-obshtina-ruse.xlsx'].path]);
  const pdf = path.join(work, '01-obshtina-ruse.pdf');
  check(fs.existsSync(pdf), 'LibreOffice made no PDF');
  const pdfContext = await newContext();
  const pdfPage = await newPage(pdfContext, PDF_SENDER);
  await pdfPage.goto(links[PDF_SENDER]);
  await pdfPage.locator('form.upload input#file').setInputFiles(pdf);
  await Promise.all([
    pdfPage.waitForURL(/\?v=\d+&sent=1#shown$/, { timeout: 30000 }),
    pdfPage.locator('form.upload').getByRole('button', { name: 'Изпрати файла' }).click(),
  ]);
  equal(await text(pdfPage.locator('section#shown p.unreadable-sentence')),
    'Файлът е PDF документ, а не таблица, затова не влиза в програмата; изпратете попълнения шаблон (.xlsx, .xls или .ods) с формуляра „Изпрати файла“.',
    'the sentence for a PDF');
  equal(await pdfPage.locator('section#shown table.findings').count(), 0, 'findings tables for a PDF');
  equal(await pdfPage.getByRole('link', { name: 'Изтегли файла с отбелязаните проблеми' }).count(), 0, 'marked-up copy links for a PDF');
  equal((await versionRows(pdfPage))[0].state, 'нечетим', `state of ${PDF_SENDER}'s PDF`);
  await shot(pdfPage, '05c-institution-pdf.png', { from: pdfPage.locator('section#shown') });
  await pdfContext.close();
  step(`${PDF_SENDER} sent a PDF: "нечетим", one sentence, no marked-up copy`);

  // 5. The secretary reviews: one file returned with a comment, the others accepted.
  await desk.goto(`${base}/`);
  const after = await text(desk.locator('main > p.headline'));
  check(after.startsWith(`7 от ${configured} институции са подали файл · 1 задържан · 1 нечетим`), `headline after the uploads "${after}"`);
  for (const [institution, state, word] of [[WRONG_LINK, 'held', 'задържан'], [PDF_SENDER, 'unreadable', 'нечетим']]) {
    const line = dashboardRow(desk, institution);
    equal(await line.getAttribute('class'), state, `${institution}'s row class`);
    equal(await text(line.locator('span.badge').first()), word, `${institution}'s state on the dashboard`);
    equal(await text(line.locator('small.taken')), 'не влиза в програмата', `${institution}'s merge mark`);
    // Its own colour: not the colour of any other state.
    const colour = await line.locator('span.badge').first().evaluate((badge) => getComputedStyle(badge).color);
    const others = await desk.locator('span.badge.submitted, span.badge.none').first().evaluate((badge) => getComputedStyle(badge).color);
    check(colour !== others, `${institution}'s badge has the colour of another state (${colour})`);
  }
  await shot(desk, '05d-dashboard-held-unreadable.png', { from: desk.locator('main > h1'), to: dashboardRow(desk, PDF_SENDER) });
  {
    const phone = await newContext({ width: 390, height: 844 }, true);
    const phoneDesk = await newPage(phone, 'secretary (phone)');
    await phone.addCookies(await secretary.cookies());
    await phoneDesk.goto(`${base}/`);
    check((await text(phoneDesk.locator('main > p.headline'))).includes('1 задържан'), 'the phone dashboard headline');
    await shot(phoneDesk, '05e-dashboard-held-phone.png', { from: phoneDesk.locator('main > h1'), to: dashboardRow(phoneDesk, PDF_SENDER) });
    await phone.close();
  }
  const heldApi = await apiJson(desk, '/api/v1/institutions');
  for (const [institution, state] of [[WRONG_LINK, 'held'], [PDF_SENDER, 'unreadable']]) {
    const entry = heldApi.find((e) => e.institution === institution);
    equal(entry.state, state, `API state of ${institution}`);
    equal(entry.taken, null, `what the merge takes from ${institution}`);
  }
  step('dashboard: "1 задържан · 1 нечетим" on top, both rows in their own colours, not in the programme');
  const api = await apiJson(desk, '/api/v1/institutions');
  for (const [institution, file] of Object.entries(sent)) {
    const entry = api.find((e) => e.institution === institution);
    check(entry && entry.latest, `the API has no latest version for ${institution}`);
    equal(entry.latest.file, file.name, `kept file name of ${institution}`);
    equal(entry.latest.sha256, sha256(file.path), `SHA-256 kept for ${institution}`);
    equal(entry.state, 'submitted', `API state of ${institution}`);
  }
  const returnedInstitution = samples[RETURNED_FILE].institution;
  for (const institution of Object.keys(sent)) {
    const returning = institution === returnedInstitution;
    const line = dashboardRow(desk, institution);
    equal(await text(line.locator('span.badge').first()), 'подаден', `${institution} state before review`);
    await Promise.all([desk.waitForURL(/\/submissions\/\d+$/), line.getByRole('link', { name: /^Версия \d+$/ }).click()]);
    const h1 = await text(desk.locator('h1'));
    check(h1.includes(institution), `submission page heading "${h1}"`);
    if (institution === faulty.institution) {
      check(h1.endsWith('версия 2'), `the latest version of ${institution} is not 2: "${h1}"`);
      await shot(desk, '08-submission.png');
    }
    if (returning) await desk.fill('textarea#comment', RETURN_COMMENT);
    const button = desk.locator(`form.review button[name=decision][value=${returning ? 'return' : 'accept'}]`);
    equal(await text(button), returning ? 'Върни за поправка' : 'Приеми', 'review button');
    const here = new URL(desk.url()).pathname;
    // The form answers with the page that confirms what happened, read from the store.
    await Promise.all([desk.waitForURL(/\/submissions\/\d+\/done$/), button.click()]);
    equal(new URL(desk.url()).pathname, `${here}/done`, 'page after the review');
    const confirmed = await text(desk.locator('main .panel[role=status] h1'));
    check(confirmed.startsWith('Версия ') && confirmed.includes(`„${institution}“`)
      && confirmed.endsWith(returning ? 'е върната за поправка' : 'е приета'), `confirmation "${confirmed}"`);
    if (returning) {
      check((await text(desk.locator('main'))).includes(RETURN_COMMENT), 'the comment is not on the confirmation');
      await shot(desk, '09a-confirmation-returned.png');
      const phone = await newContext({ width: 390, height: 844 }, true);
      await phone.addCookies(await desk.context().cookies());
      const phoneDesk = await newPage(phone, 'secretary (phone)');
      await phoneDesk.goto(desk.url());
      equal(await text(phoneDesk.locator('main .panel[role=status] h1')), confirmed, 'the confirmation on a phone');
      await shot(phoneDesk, '09a-confirmation-returned-phone.png');
      await phone.close();
    }
    await Promise.all([desk.waitForURL(/\/submissions\/\d+$/), desk.getByRole('link', { name: 'Към версията и проверката ѝ' }).click()]);
    equal(await text(desk.locator('dl.facts span.badge')), returning ? 'върнат' : 'приет', `review state of ${institution}`);
    if (returning) {
      check((await text(desk.locator('dl.facts'))).includes(RETURN_COMMENT), 'the comment is not on the submission page');
      await shot(desk, '09-submission-returned.png');
    }
    await desk.goto(`${base}/`);
  }
  for (const institution of Object.keys(sent)) {
    const want = institution === returnedInstitution ? 'върнат' : 'приет';
    equal(await text(dashboardRow(desk, institution).locator('span.badge').first()), want, `dashboard state of ${institution}`);
  }
  step(`secretary returned ${RETURNED_FILE} with a comment and accepted the other six`);

  const returnedPage = institutionPages[returnedInstitution];
  check(returnedPage, `${RETURNED_FILE} must be one sent through its page`);
  // The institution comes back to its link later.
  await returnedPage.goto(links[returnedInstitution]);
  equal(await text(returnedPage.locator('section#shown p.review-state .badge')), 'върнат', `review state shown to ${returnedInstitution}`);
  const [latest] = await versionRows(returnedPage);
  equal(latest.state, 'върнат', `state on ${returnedInstitution}'s page`);
  equal(latest.comment, RETURN_COMMENT, `comment in ${returnedInstitution}'s versions table`);
  check((await text(returnedPage.locator('section#shown p.comment'))).includes(RETURN_COMMENT),
    `the comment is not shown with the version on ${returnedInstitution}'s page`);
  await shot(returnedPage, '10-institution-returned.png');
  step(`${returnedInstitution}'s page shows "върнат" and the comment`);

  // 5b. The held file: the secretary opens it, sees whose it may be, and returns it.
  await desk.goto(`${base}/`);
  await Promise.all([desk.waitForURL(/\/submissions\/\d+$/),
    dashboardRow(desk, WRONG_LINK).getByRole('link', { name: 'Версия 1' }).click()]);
  const decide = desk.locator('section#decide');
  equal(await text(decide.locator('h2')), 'Чий е този файл?', 'heading of the decision');
  const buttons = (await decide.locator('button').allInnerTexts()).map((b) => b.trim());
  equal(buttons.join(' | '), `Остави го като версия на „${WRONG_LINK}“ | Премести го при „${wrongSample.institution}“ | Върни го за поправка`,
    'the decisions offered');
  equal(await desk.locator('form.review button[value=accept]').count(), 0, 'an accept button on a held version');
  await shot(desk, '09b-submission-held.png');
  await desk.fill('textarea#decide-comment', WRONG_COMMENT);
  await Promise.all([desk.waitForURL(/\/submissions\/\d+\/done$/), decide.getByRole('button', { name: 'Върни го за поправка' }).click()]);
  equal(await text(desk.locator('main .panel[role=status] h1')), `Версия 1 на „${WRONG_LINK}“ е върната за поправка`, 'confirmation of the decision');
  await Promise.all([desk.waitForURL(/\/submissions\/\d+$/), desk.getByRole('link', { name: 'Към версията и проверката ѝ' }).click()]);
  equal(await text(desk.locator('dl.facts span.badge')), 'върнат', 'state of the held version after the decision');
  check((await text(desk.locator('dl.facts'))).includes(WRONG_COMMENT), 'the comment of the decision');
  await wrongPage.goto(wrongLink);
  const [wrongLatest] = await versionRows(wrongPage);
  check(wrongLatest.state === 'върнат' && wrongLatest.comment === WRONG_COMMENT, `${WRONG_LINK}'s versions: ${JSON.stringify(wrongLatest)}`);
  await wrongContext.close();
  step(`the secretary returned ${WRONG_LINK}'s held file with a comment; ${WRONG_LINK} sees it`);

  // 6. The secretary reads what the merge will take, merges and downloads the programme.
  // The returned file is not taken: its institution is left out with the held and the PDF.
  const taken = Object.fromEntries(Object.entries(sent).filter(([institution]) => institution !== returnedInstitution));
  const rowsSent = Object.values(taken).reduce((sum, file) => sum + file.rows, 0);
  await desk.goto(`${base}/`);
  await Promise.all([desk.waitForURL(`${base}/merge`), desk.getByRole('link', { name: 'Прегледай и обедини' }).click()]);
  const leftOutCount = configured - Object.keys(taken).length;
  equal(await text(desk.locator('p.plan-summary')),
    `Ще бъдат обединени ${Object.keys(taken).length} файла с ${rowsSent} реда; ${leftOutCount} институции остават извън програмата.`,
    'the sentence before the merge');
  const takenRows = await desk.locator('table.plan.taken tbody tr').evaluateAll((rows) => rows.map((tr) =>
    [tr.querySelector('th').innerText.trim(), tr.querySelector('td.file').innerText.trim()]));
  equal(JSON.stringify(takenRows.map(([institution]) => institution).sort()), JSON.stringify(Object.keys(taken).sort()), 'institutions taken');
  for (const [institution, file] of takenRows) equal(file, taken[institution].name, `the file taken from ${institution}`);
  const leftRows = await desk.locator('table.plan.left-out tbody tr').evaluateAll((rows) => rows.map((tr) =>
    [tr.querySelector('th').innerText.trim(), tr.querySelector('.badge').innerText.trim()]));
  equal(JSON.stringify(leftRows.sort()), JSON.stringify([[returnedInstitution, 'върнат'], [WRONG_LINK, 'върнат'], [PDF_SENDER, 'нечетим']].sort()),
    'institutions left out that sent something');
  check((await text(desk.locator('p.no-file'))).startsWith(`Без файл (${leftOutCount - 3}):`), 'the list of those without a file');
  await shot(desk, '10b-merge-plan.png');
  {
    const phone = await newContext({ width: 390, height: 844 }, true);
    const phoneDesk = await newPage(phone, 'secretary (phone)');
    await phone.addCookies(await secretary.cookies());
    await phoneDesk.goto(`${base}/merge`);
    await shot(phoneDesk, '10c-merge-plan-phone.png', { from: phoneDesk.locator('main > h1'), to: phoneDesk.locator('section#left-out') });
    await phone.close();
  }
  step(`the page before the merge: ${Object.keys(taken).length} files taken, ${returnedInstitution} and ${WRONG_LINK} returned and ${PDF_SENDER} unreadable left out`);
  await Promise.all([
    desk.waitForURL(/\/\?merged=\d+$/, { timeout: 60000 }),
    desk.getByRole('button', { name: 'Обедини приносите' }).click(),
  ]);
  const received = await text(desk.locator('main > .received p').first());
  const counts = received.match(/(\d+) файла, (\d+) реда: (\d+) приети, (\d+) отхвърлени/);
  check(counts, `merge sentence "${received}"`);
  const [files, rows, accepted, rejected] = counts.slice(1).map(Number);
  equal(files, Object.keys(taken).length, 'files merged');
  equal(rows, rowsSent, 'rows merged (the rows of the files taken)');
  equal(accepted + rejected, rows, 'accepted + rejected');
  equal(await text(desk.locator('main > .received p.left-out')),
    `Извън програмата: „${returnedInstitution}“ (върнат), „${WRONG_LINK}“ (върнат), „${PDF_SENDER}“ (нечетим), ${leftOutCount - 3} институции без файл.`
      .replace(/: (.*), (\d+) институции/, (_, list, n) => `: ${orderedLeftOut(list, links)}, ${n} институции`),
    'what the merge left out');
  await shot(desk, '11-dashboard-after.png');
  const mergeLink = desk.locator('main > .received a.button').first();
  check(/^\/merges\/\d+$/.test(await mergeLink.getAttribute('href')), 'merge download link');
  const programme = await download(desk, mergeLink, 'portal-programme.xlsx');
  equal(programme.name, 'програма-RSE27.xlsx', 'programme file name');
  const summary = JSON.parse(python('check_workbooks.py', 'programme', programme.file, String(accepted)));
  // Данни has one row per indicator: a row whose Индикатор cell held several gives several.
  const splitRows = Object.values(taken).reduce((sum, file) => sum + file.splits, 0);
  equal(summary.data_rows, accepted + splitRows, `Данни rows (${accepted} accepted rows, ${splitRows} more from split indicators)`);
  step(`merged: "${received}"; ${programme.name} has ${summary.data_rows} Данни rows from ${summary.source_rows} accepted rows`);

  // The same files, under the same names, merged by the command line.
  const folder = path.join(work, 'sent-last');
  fs.mkdirSync(folder);
  for (const file of Object.values(taken)) fs.copyFileSync(file.path, path.join(folder, file.name));
  const cliProgramme = path.join(work, 'cli-programme.xlsx');
  run(BIN, ['merge', '--config', CONFIG, '-o', cliProgramme, folder]);
  const same = Buffer.compare(fs.readFileSync(programme.file), fs.readFileSync(cliProgramme)) === 0;
  if (!same) {
    const diff = run(PYTHON, [path.join(HERE, 'check_workbooks.py'), 'compare', programme.file, cliProgramme], { allowFail: true });
    throw new Failed(`the portal's programme differs from zakrila merge on the same files:\n${diff.stdout}${diff.stderr}`);
  }
  step('the portal\'s programme is byte for byte the one zakrila merge writes from the same files');

  // 6b. The programme's own words for the council, edited section by section, and the
  // document beside the merge's workbook: zakrila document's bytes on the same files.
  await Promise.all([desk.waitForURL(`${base}/text`), desk.getByRole('link', { name: 'Текстът на програмата (programme.md)' }).click()]);
  check((await text(desk.locator('main p.note'))).includes('скелетът'), 'the text page says it shows the skeleton (the sample has no programme.md)');
  equal(await desk.locator('fieldset.section').count(), 7, 'sections of the skeleton, the table\'s place and a new one');
  await desk.locator('#body_0').fill('Програмата е разработена от Комисията за детето към Община {община} за {период}.');
  await desk.locator('#new_heading').fill('VI. ИЗПОЛЗВАНИ СЪКРАЩЕНИЯ');
  await desk.locator('#new_body').fill('РУО – Регионално управление на образованието\nРЗИ – Регионална здравна инспекция');
  await Promise.all([desk.waitForURL(/\/text\?saved=1$/), desk.getByRole('button', { name: 'Запази нова версия' }).click()]);
  equal(await text(desk.locator('main p.received')), 'Запазена е версия 1 на текста.', 'the save sentence');
  equal(await desk.locator('#heading_6').inputValue(), 'VI. ИЗПОЛЗВАНИ СЪКРАЩЕНИЯ', 'the new section, kept');
  await shot(desk, '11b-programme-text.png');
  const savedText = await download(desk, desk.locator('table.versions a').first(), 'programme-1.md', { zip: false });
  check(fs.readFileSync(savedText.file, 'utf8').includes('Програмата е разработена от Комисията за детето към Община {община} за {период}.'), 'the saved programme.md');
  await desk.goto(`${base}/`);
  const councilDocument = await download(desk, desk.getByRole('link', { name: 'Документ за общинския съвет (.docx)' }), 'portal-programme.docx');
  equal(councilDocument.name, 'програма-RSE27.docx', 'council document file name');
  const cliDocument = path.join(work, 'cli-programme.docx');
  run(BIN, ['document', '--config', CONFIG, '--text', savedText.file, '-o', cliDocument, cliProgramme]);
  sameBytes(councilDocument.file, cliDocument, 'the council document vs zakrila document');
  step('programme text edited section by section, saved as version 1; the council document is zakrila document\'s on the same files');

  // Every file sent so far, for the zip of every file.
  const uploads = [{ round: 'contribution', institution: faulty.institution, version: 1, file: FAULTY, sha256: sha256(faulty.path) },
    { round: 'contribution', institution: WRONG_LINK, version: 1, file: WRONG_FILE, sha256: sha256(wrongSample.path) },
    { round: 'contribution', institution: PDF_SENDER, version: 1, file: path.basename(pdf), sha256: sha256(pdf) }];
  for (const [institution, file] of Object.entries(sent)) {
    uploads.push({ round: 'contribution', institution, version: institution === faulty.institution ? 2 : 1,
      file: file.name, sha256: sha256(file.path) });
  }
  // A year later the secretary writes the reports' due date into programme.toml and starts
  // the portal again, on the same address: the data, the links and the session are kept.
  // (Only now: any change to programme.toml makes every template made before it "of an older
  // version of the programme", a warning on every contribution; _meta keeps the config's hash.)
  const first = await server.stop();
  check(first.code === 0 || first.signal === 'SIGTERM', `the server stopped with ${JSON.stringify(first)}`);
  server = startServer(password, { config: reportingConfig(), port });
  equal(await server.url, base, 'address of the restarted server');
  step(`server restarted with [portal] reports_due = ${isoDate(-10)}`);
  await reportingRound({ base, desk, links, programme, uploads, reviewed: Object.keys(sent).length });
  await loopbackRound(password);
  await mailRound(password);

  // The log shows no personal link, and no request failed on the server.
  const logText = serverLogs.flat().join('\n');
  for (const link of Object.values(links)) {
    check(!logText.includes(link.split('/i/')[1]), 'a personal link token appears in the server log');
  }
  // Every request succeeded, but the one wrong password (a favicon 404 would show here too).
  const refused = serverLogs.flat().filter((line) => / [45]\d\d \d+ ms$/.test(line) && !/ POST \/login 401 /.test(line));
  check(refused.length === 0, `refused or failed requests in the server log:\n${refused.join('\n')}`);

  await browser.close();
  browser = null;
  const stopped = await server.stop();
  check(stopped.code === 0 || stopped.signal === 'SIGTERM', `the server stopped with ${JSON.stringify(stopped)}`);
  check(problems.length === 0, `problems seen in the browser:\n${problems.join('\n')}`);
}

// ---- the reporting round ----

const indicatorsWord = (n) => `${n} ${n === 1 ? 'индикатор' : 'индикатора'}`;

/** The reporting table's row of a lead institution. */
function reportingRow(page, institution) {
  return page.locator('table.reporting tbody tr', {
    has: page.getByRole('rowheader', { name: institution, exact: true }),
  });
}

/** The reporting table as [{institution, state, late, reported, version, reminder}]. */
async function reportingRows(page) {
  return page.locator('table.reporting tbody tr').evaluateAll((rows) => rows.map((row) => {
    const cells = [...row.querySelectorAll('td')];
    const reminder = cells[4] && row.querySelector('a[href^="mailto:"]');
    return {
      institution: row.querySelector('th[scope=row]').innerText.trim(),
      state: cells[0].querySelector('.badge').innerText.trim(),
      late: !!cells[0].querySelector('.badge.late'),
      reported: cells[1].innerText.replace(/\s+/g, ' ').trim(),
      version: cells[2].querySelector('a')?.innerText.trim() ?? null,
      reminder: reminder ? reminder.getAttribute('href') : null,
    };
  }));
}

/** A mailto: link's address, subject and body, decoded. */
function mailto(href) {
  const found = href.match(/^mailto:([^?]*)\?subject=([^&]*)&body=([^&]*)$/);
  check(found, `reminder link "${href.slice(0, 120)}…" is not mailto:ADDRESS?subject=…&body=…`);
  const [address, subject, body] = found.slice(1).map(decodeURIComponent);
  return { address, subject, body };
}

/** Uploads a filled reporting workbook through an institution's page and checks where it lands. */
async function uploadReport(page, link, file, { version, reported, indicators }) {
  const section = page.locator('section#report');
  await section.locator('input#report-file').setInputFiles(file);
  await Promise.all([
    page.waitForURL(/\/i\/[^?]+\?r=\d+&sent=1#report$/, { timeout: 30000 }),
    section.getByRole('button', { name: 'Изпрати отчета' }).click(),
  ]);
  check(page.url().startsWith(`${link}?r=`), `after the report upload the page is ${page.url()}, not under ${link}`);
  equal(await text(section.locator('p.received')), `Версия ${version} е получена и запазена.`, 'report received sentence');
  const heading = await text(section.locator('h3').first());
  check(heading.includes(`Версия ${version}`) && heading.includes(path.basename(file)),
    `report heading "${heading}" lacks the version ${version} or the file name`);
  // (innerText capitalises the first letter, as the style sheet shows it.)
  equal(await text(section.locator('p.counts')), `Отчетени ${reported} от ${indicatorsWord(indicators)}`, 'report counts');
  return Number(new URL(page.url()).searchParams.get('r'));
}

/** Compares two files byte for byte; on a difference, says where (xlsx part by part). */
function sameBytes(portal, cli, what) {
  if (Buffer.compare(fs.readFileSync(portal), fs.readFileSync(cli)) === 0) return;
  let detail = '';
  if (portal.endsWith('.xlsx')) {
    const diff = run(PYTHON, [path.join(HERE, 'check_workbooks.py'), 'compare', portal, cli], { allowFail: true });
    detail = `${diff.stdout}${diff.stderr}`;
  } else {
    const [a, b] = [fs.readFileSync(portal), fs.readFileSync(cli)];
    const at = a.findIndex((byte, i) => byte !== b[i]);
    detail = `sizes ${a.length} and ${b.length}; first difference at byte ${at < 0 ? Math.min(a.length, b.length) : at}`;
  }
  throw new Failed(`${what}: the portal's ${path.basename(portal)} differs from the command's ${cli}:\n${detail}`);
}

/** The contact e-mail on Институция of ОД на МВР's sample, which its reminder goes to. */
const SILENT_EMAIL = 'k.angelov@mvr.bg';

async function reportingRound({ base, desk, links, programme, uploads, reviewed }) {
  // 7. The council adopts the merged programme; the secretary starts the reporting round
  // from that workbook (the file chosen in the form, not the latest merge).
  const adopted = path.join(work, 'adopted', programme.name);
  fs.mkdirSync(path.dirname(adopted));
  fs.copyFileSync(programme.file, adopted);
  const leads = JSON.parse(python('check_reporting.py', 'leads', adopted));
  const leadNames = Object.keys(leads);
  const indicators = Object.values(leads).reduce((sum, n) => sum + n, 0);
  for (const institution of [...REPORTERS, SILENT]) {
    check(leads[institution] > 0, `${institution} leads no row of the merged programme`);
    check(links[institution], `no personal link for ${institution}`);
  }
  const due = isoDate(-10).split('-').reverse().join('.');
  await desk.goto(`${base}/`);
  equal(new URL(desk.url()).pathname, '/', 'the secretary\'s page after the restart (the session is kept)');
  const reporting = desk.locator('section#reporting');
  equal(await reporting.locator('table.reporting').count(), 0, 'reporting tables before the round');
  await reporting.locator('input#programme').setInputFiles(adopted);
  // The page before the round: the programme chosen, its lead institutions and indicators.
  await Promise.all([
    desk.waitForURL(`${base}/reporting/check`, { timeout: 60000 }),
    reporting.getByRole('button', { name: 'Провери програмата' }).click(),
  ]);
  equal(await text(desk.locator('dl.facts dd')), programme.name, 'the programme named before the round');
  equal(await text(desk.locator('p.plan-summary')), `${leadNames.length} водещи институции, ${indicatorsWord(indicators)}`,
    'the sentence before the round');
  const planned = Object.fromEntries(await desk.locator('table.plan.leads tbody tr').evaluateAll((rows) => rows.map((tr) =>
    [tr.querySelector('th').innerText.trim(), Number(tr.querySelector('td').innerText)])));
  equal(JSON.stringify(planned, Object.keys(planned).sort()), JSON.stringify(leads, Object.keys(leads).sort()),
    'lead institutions and indicators before the round');
  await shot(desk, '11b-reporting-plan.png');
  await Promise.all([
    desk.waitForURL(/\/\?round=\d+#reporting$/, { timeout: 60000 }),
    desk.locator('main form[action^="/reporting"]').first().getByRole('button', { name: 'Започни отчетния кръг' }).click(),
  ]);
  equal(await text(reporting.locator('p.received[role=status]')),
    `Отчетният кръг е започнат: ${leadNames.length} водещи институции, ${indicatorsWord(indicators)}.`,
    'the confirmation of the round');
  equal(await text(reporting.locator('p.headline')),
    `0 от ${leadNames.length} водещи институции са изпратили отчет · Срок за отчета: ${due}`, 'reporting headline');
  const before = await reportingRows(desk);
  equal(before.map((r) => r.institution).sort().join(' | '), [...leadNames].sort().join(' | '),
    'lead institutions on the dashboard (the first lead of each Данни row)');
  for (const row of before) {
    equal(row.state, 'няма отчет', `${row.institution} before any report`);
    equal(row.reported, `отчетени 0 от ${indicatorsWord(leads[row.institution])}`, `${row.institution}'s count`);
    check(row.late, `${row.institution} is not marked late (the reports were due on ${due})`);
    check(row.reminder, `no reminder for ${row.institution}`);
  }
  check(await desk.locator('main > p.headline a[href="#reporting"]').count() === 1, 'no link to the reporting round in the headline');
  await shot(desk, '12-dashboard-reporting.png', { from: reporting, to: desk.locator('section#export') });
  step(`reporting round started from ${programme.name}: ${leadNames.length} lead institutions, ${indicators} indicators, all "няма отчет" and late`);

  // The letter of a lead institution is now about its report.
  const reporter = REPORTERS[0];
  await Promise.all([desk.waitForURL(/\/letters\/\d+$/),
    dashboardRow(desk, reporter).getByRole('link', { name: 'Писмо', exact: true }).click()]);
  const letter = await text(desk.locator('article.letter'));
  equal(await text(desk.locator('.link-box code')), links[reporter], 'link in the reporting letter');
  for (const words of [reporter, 'работната книга за отчета', due]) {
    check(letter.includes(words), `the letter to ${reporter} in the reporting round does not mention "${words}"`);
  }
  await shot(desk, '13-letter-report.png');
  step(`${reporter}'s letter asks for the report by ${due}`);

  // 8. Two lead institutions report through their pages; their workbooks are `report new`'s.
  const made = path.join(work, 'report-new');
  run(BIN, ['report', 'new', '--config', CONFIG, '-o', made, adopted]);
  const filledDir = path.join(work, 'reports');
  fs.mkdirSync(filledDir);
  const reported = {};
  for (const [n, institution] of REPORTERS.entries()) {
    const context = await newContext();
    const page = await newPage(context, `${institution} (report)`);
    await page.goto(links[institution]);
    const section = page.locator('section#report');
    equal(await text(section.locator('h2')), 'Отчет за изпълнението', `report section heading for ${institution}`);
    equal(await text(section.locator('p.due')), `Срок за отчета: ${due} закъснял`, `due line on ${institution}'s page`);
    check((await text(section)).includes(`Индикатори: ${leads[institution]}`), `${institution}'s page does not give its ${leads[institution]} indicators`);
    const link = section.getByRole('link', { name: 'Изтегли работната книга за отчета' });
    check((await link.getAttribute('href')).endsWith('/report'), 'reporting workbook link');
    const blank = await download(page, link, `report-blank-${n}.xlsx`);
    equal(blank.name, `${institution}.xlsx`, `${institution}'s reporting workbook name`);
    sameBytes(blank.file, path.join(made, blank.name), `${institution}'s reporting workbook vs zakrila report new`);
    python('check_reporting.py', 'workbook', blank.file, institution, String(leads[institution]));
    // Filled as in a spreadsheet program, and sent back under the name it came with.
    const filled = path.join(filledDir, blank.name);
    if (n === 0) python('check_reporting.py', 'fill', blank.file, filled);
    else python(path.join('..', 'py', 'fill_report_all.py'), blank.file, filled);
    const values = JSON.parse(python('check_reporting.py', 'filled', filled));
    for (const value of Object.values(values)) value.file = blank.name;
    reported[institution] = values;
    const count = Object.keys(values).length;
    const id = await uploadReport(page, links[institution], filled, { version: 1, reported: count, indicators: leads[institution] });
    equal(await section.locator('.badge.late').count(), 0, `late marks on ${institution}'s page after its report`);
    const findings = await section.locator('table.findings tbody tr').evaluateAll((rows) => rows.map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.innerText.replace(/\s+/g, ' ').trim())));
    const typed = Object.values(values).filter((v) => v.text);
    equal(findings.length, typed.length, `findings on ${institution}'s report (one per value typed as text)`);
    for (const value of typed) {
      const shown = findings.find((f) => f[0] === value.cell);
      check(shown && shown[2] === 'предупреждение' && shown[3].includes('12,5') && shown[3].includes('number-as-text'),
        `the value typed as text at ${value.cell} is not shown as a warning: ${JSON.stringify(findings)}`);
    }
    const versions = await section.locator('table.versions tbody tr').evaluateAll((rows) => rows.map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())));
    equal(JSON.stringify(versions.map((v) => [v[0], v[2], v[3], v[4]])), JSON.stringify([['1', blank.name, String(count), '0']]),
      `${institution}'s report versions (version, file, reported, errors)`);
    if (n === 0) {
      await shot(page, '14-institution-report.png');
      // The same report on a phone: its check and versions as cards.
      const phone = await newContext({ width: 390, height: 844 }, true);
      const phonePage = await newPage(phone, `${institution} (report, phone)`);
      await phonePage.goto(`${links[institution]}?r=${id}#report`);
      equal(await text(phonePage.locator('section#report p.counts')), `Отчетени ${count} от ${indicatorsWord(leads[institution])}`,
        'report counts on a phone');
      await shot(phonePage, '15-institution-report-phone.png', { from: phonePage.locator('section#report') });
      await phone.close();
    }
    uploads.push({ round: 'report', institution, version: 1, file: blank.name, sha256: sha256(filled), id });
    step(`${institution}: ${blank.name} (as zakrila report new makes it) filled and sent; "отчетени ${count} от ${indicatorsWord(leads[institution])}"`);
    await context.close();
  }

  // An institution that leads nothing has nothing to report.
  const follower = Object.keys(links).find((institution) => !leads[institution]);
  check(follower, 'every configured institution leads a row: none to show the "nothing to report" page');
  const followerContext = await newContext();
  const followerPage = await newPage(followerContext, `${follower} (report)`);
  await followerPage.goto(links[follower]);
  equal(await text(followerPage.locator('section#report p')),
    'Вашата институция не е водеща за нито една дейност от програмата и няма какво да отчита.', `${follower}'s report section`);
  equal(await followerPage.locator('section#report input[type=file]').count(), 0, `a report upload on ${follower}'s page`);
  await followerContext.close();
  step(`${follower}, which leads nothing, is told it has nothing to report`);

  // 9. The secretary sees who reported and who did not, reminds, and collects.
  await desk.goto(`${base}/`);
  const headline = await text(reporting.locator('p.headline'));
  check(headline.startsWith(`2 от ${leadNames.length} водещи институции са изпратили отчет`), `reporting headline "${headline}"`);
  const after = await reportingRows(desk);
  for (const institution of REPORTERS) {
    const row = after.find((r) => r.institution === institution);
    equal(row.state, 'подаден', `${institution}'s state after its report`);
    equal(row.reported, `отчетени ${Object.keys(reported[institution]).length} от ${indicatorsWord(leads[institution])}`, `${institution}'s count`);
    check(!row.late && !row.reminder && row.version === 'Версия 1', `${institution}'s row: ${JSON.stringify(row)}`);
  }
  const silent = after.find((r) => r.institution === SILENT);
  check(silent.state === 'няма отчет' && silent.late && silent.reminder, `${SILENT}'s row: ${JSON.stringify(silent)}`);
  const reminder = mailto(silent.reminder);
  equal(reminder.address, SILENT_EMAIL, `reminder address of ${SILENT} (its contribution's contact)`);
  check(reminder.subject.includes('отчет'), `reminder subject "${reminder.subject}"`);
  for (const words of [SILENT, links[SILENT], due]) {
    check(reminder.body.includes(words), `the reminder to ${SILENT} does not name "${words}":\n${reminder.body}`);
  }
  step(`dashboard: "${headline}"; ${SILENT} "няма отчет", late, reminder to ${reminder.address} naming its link`);

  // A report's version page: the report's check; no marked-up template and no review, which
  // are a contribution's.
  await Promise.all([desk.waitForURL(/\/submissions\/\d+$/),
    reportingRow(desk, reporter).getByRole('link', { name: 'Версия 1' }).click()]);
  equal(await text(desk.locator('h1')), `Отчет за изпълнението: ${reporter}, версия 1`, 'heading of a report version');
  equal(await desk.locator('form.review').count(), 0, 'review forms on a report version');
  equal(await desk.getByRole('link', { name: 'Изтегли файла с отбелязаните проблеми' }).count(), 0, 'marked-up copy links on a report version');
  const textCell = Object.values(reported[reporter]).find((v) => v.text).cell;
  check(await desk.locator('table.findings td.cell', { hasText: textCell }).count() === 1, `the report version page lists no finding at ${textCell}`);
  await shot(desk, '16-report-version.png');
  await desk.goto(`${base}/`);

  await Promise.all([
    desk.waitForURL(/\/\?collected=\d+#reporting$/, { timeout: 60000 }),
    reporting.getByRole('button', { name: 'Събери отчетите' }).click(),
  ]);
  const sentence = await text(reporting.locator('p.received'));
  const done = REPORTERS.reduce((sum, institution) => sum + Object.keys(reported[institution]).length, 0);
  equal(sentence, `Отчетът за изпълнението е събран: 2 отчета, ${indicators} индикатора: ${done} отчетени, 0 грешки. Изтегли отчета за изпълнението Отчет (.docx)`,
    'collect sentence');
  await shot(desk, '17-dashboard-collected.png', { from: reporting, to: desk.locator('section#export') });
  const reportLink = reporting.locator('p.received a.button').first();
  check(/^\/outputs\/\d+$/.test(await reportLink.getAttribute('href')), 'implementation report link');
  const implementation = await download(desk, reportLink, 'portal-implementation.xlsx');
  equal(implementation.name, 'отчет-RSE27.xlsx', 'implementation report name');
  const expected = path.join(work, 'reporting-expected.json');
  fs.writeFileSync(expected, JSON.stringify({
    leads, reported, missing: SILENT, base: 'RSE27-2025-2026',
    municipality_code: 'RSE27', period_start: '2025-01-01', period_end: '2026-12-31',
  }));
  const impl = JSON.parse(python('check_reporting.py', 'implementation', implementation.file, expected));
  // The same files, under the names they were sent with, collected by the command line.
  const cliReport = path.join(work, 'cli-implementation.xlsx');
  run(BIN, ['report', 'collect', '--config', CONFIG, '-o', cliReport, adopted, ...REPORTERS.map((i) => `${i}.xlsx`)], { cwd: filledDir });
  sameBytes(implementation.file, cliReport, 'implementation report vs zakrila report collect');
  step(`collected: "${sentence}"; ${implementation.name}: ${impl.reported} indicators reported, ${SILENT}'s ${impl.missing} "няма отчет"; byte for byte zakrila report collect's`);
  // The report the council hears, beside the implementation report: zakrila document's.
  const reportDocument = await download(desk, reporting.getByRole('link', { name: 'Отчет (.docx)' }), 'portal-report.docx');
  equal(reportDocument.name, 'отчет-RSE27.docx', 'report document file name');
  const cliReportDocument = path.join(work, 'cli-report.docx');
  run(BIN, ['document', '--config', CONFIG, '-o', cliReportDocument, cliReport]);
  sameBytes(reportDocument.file, cliReportDocument, 'the report document vs zakrila document');
  step('the report document beside the implementation report is zakrila document\'s');

  // 10. The national export, UTF-8 and Windows-1251, checked and compared with zakrila export.
  const exportSection = desk.locator('section#export');
  let utf8Csv = null;
  for (const [label, encoding] of [['Изтегли архива (UTF-8)', 'utf-8'], ['Изтегли архива (Windows-1251)', 'windows-1251']]) {
    const archive = await download(desk, exportSection.getByRole('link', { name: label }), `export-${encoding}.zip`);
    equal(archive.name, 'RSE27-2025-2026.zip', `export archive name (${encoding})`);
    const folder = path.join(work, `export-${encoding}`);
    const args = ['export', archive.file, folder, implementation.file, expected];
    if (encoding !== 'utf-8') args.push(encoding, utf8Csv);
    const checked = JSON.parse(python('check_reporting.py', ...args));
    if (encoding === 'utf-8') utf8Csv = path.join(folder, 'RSE27-2025-2026.csv');
    const validated = run(FRICTIONLESS, ['validate', '--json', 'datapackage.json'], { cwd: folder, allowFail: true });
    let report;
    try {
      report = JSON.parse(validated.stdout);
    } catch {
      throw new Failed(`frictionless validate gave no JSON (${validated.status}):\n${validated.stdout}${validated.stderr}`);
    }
    check(report.valid === true && validated.status === 0,
      `frictionless validate datapackage.json (${encoding}): ${JSON.stringify(report.tasks?.flatMap((t) => t.errors) ?? report).slice(0, 1500)}`);
    const cli = path.join(work, `cli-export-${encoding}`);
    fs.mkdirSync(cli);
    const common = ['--config', CONFIG, '--encoding', encoding, '--report', implementation.file];
    run(BIN, ['export', ...common, '--datapackage', '-o', path.join(cli, 'RSE27-2025-2026.csv'), adopted]);
    run(BIN, ['export', ...common, '--excel', '-o', path.join(cli, 'RSE27-2025-2026-excel.csv'), adopted]);
    for (const name of ['RSE27-2025-2026.csv', 'RSE27-2025-2026-excel.csv', 'datapackage.json']) {
      sameBytes(path.join(folder, name), path.join(cli, name), `export ${name} (${encoding}) vs zakrila export`);
    }
    step(`export ${encoding}: ${checked.rows} rows, ${checked.actual} actual values; frictionless: valid; the files are zakrila export's`);
  }

  // 11. The audit log lists every step; every file sent, with its manifest.
  await Promise.all([desk.waitForURL(`${base}/audit`), exportSection.getByRole('link', { name: 'Дневник' }).click()]);
  // The page says each action in words; the API gives its stable code.
  const ACTION_OF_WORDS = {
    'изпратен файл': 'upload', 'преглед': 'review', 'обединяване': 'merge', 'вход': 'login',
    'неуспешен вход': 'login-failed', 'нова връзка': 'link-replaced', 'нова парола': 'password-set',
    'начало на отчетния кръг': 'round-started', 'събран отчет за изпълнението': 'implementation',
    'решение за задържан файл': 'decide',
    'запазен текст на програмата': 'text-saved', 'документ за общинския съвет': 'document',
    'износ за агенцията': 'export', 'изтеглени всички файлове': 'files-zip',
    'лични връзки по имейл': 'mail-links', 'напомняния по имейл': 'mail-reminders',
    'имейл адрес на институция': 'mail-address',
  };
  const auditRows = async () => (await desk.locator('table.audit tbody tr').evaluateAll((rows) => rows.map((tr) => {
    const [at, actor, action, subject, sha, detail] = [...tr.querySelectorAll('td')].map((td) => td.innerText.trim());
    return { at, actor, action, subject, sha, detail };
  }))).map((e) => {
    check(e.action in ACTION_OF_WORDS, `an action on the audit page not in words: ${e.action}`);
    return { ...e, action: ACTION_OF_WORDS[e.action] };
  });
  let log = await auditRows();
  const count = (action) => log.filter((e) => e.action === action).length;
  const want = { 'login-failed': 1, login: 1, upload: uploads.length, review: reviewed, decide: 1, merge: 1, 'text-saved': 1, document: 2, 'round-started': 1, implementation: 1, export: 2 };
  for (const [action, n] of Object.entries(want)) equal(count(action), n, `"${action}" lines on the audit page`);
  const started = log.find((e) => e.action === 'round-started');
  equal(started.detail, programme.name, 'the programme the round started from, in the audit log');
  check(sha256(adopted).startsWith(started.sha.replace('…', '')), 'the audit log\'s SHA-256 of the round\'s programme');
  equal(log.filter((e) => e.action === 'export').map((e) => e.detail).join(','), 'windows-1251,utf-8', 'export lines (newest first)');
  for (const institution of REPORTERS) {
    check(log.some((e) => e.action === 'upload' && e.actor === institution && e.detail === `${institution}.xlsx`),
      `the audit log has no upload of ${institution}'s report`);
  }
  const api = await apiJson(desk, '/api/v1/audit');
  equal(api.length, log.length, 'lines of GET /api/v1/audit and of the page');
  equal(api.map((e) => e.action).reverse().join(','), log.map((e) => e.action).join(','),
    'GET /api/v1/audit (oldest first) against the page (newest first)');

  const everything = await download(desk, desk.locator('main a.button', { hasText: 'Всички изпратени файлове' }), 'all-files.zip');
  equal(everything.name, 'файлове-RSE27.zip', 'name of the zip of every file');
  const uploadsJson = path.join(work, 'uploads.json');
  fs.writeFileSync(uploadsJson, JSON.stringify(uploads));
  const files = JSON.parse(python('check_reporting.py', 'files', everything.file, uploadsJson));
  await desk.reload();
  log = await auditRows();
  equal(log[0].action, 'files-zip', 'newest line of the audit log after the zip of every file');
  await shot(desk, '18-audit.png');
  step(`audit log: ${log.length} lines; ${everything.name}: manifest.csv lists all ${files.uploads} uploads (${files.rounds.join(', ')})`);
}

// ---- the portal on the secretary's own computer ----

/**
 * The double-click portal: loopback only. The dashboard says the links work only here and
 * offers none; a file received by e-mail is dropped on the institution's row.
 */
async function loopbackRound(password) {
  const port = await freePort();
  const local = startServer(password, { port, data: path.join(work, 'data-here'), loopback: true });
  try {
    const base = await local.url;
    equal(base, `http://127.0.0.1:${port}`, 'the address of the portal on this computer');
    const context = await newContext();
    const page = await newPage(context, 'secretary (this computer)');
    await page.goto(`${base}/login`);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL(`${base}/`), page.locator('main form button[type=submit]').click()]);
    const note = await text(page.locator('p.note.loopback'));
    check(note.startsWith(`Порталът работи само на този компютър (${base}): личните връзки не се отварят от други компютри`), `the note "${note}"`);
    for (const [what, selector] of [['links', 'input.link-text'], ['letters', 'a[href^="/letters/"]'], ['reminders', 'a[href^="mailto:"]']]) {
      equal(await page.locator(selector).count(), 0, `${what} on the dashboard of a portal on this computer`);
    }
    // A file received by e-mail, dropped on РУО's row.
    const institution = 'РУО – Русе';
    const file = '02-ruo-ruse.xlsx';
    const row = dashboardRow(page, institution);
    const transfer = await page.evaluateHandle(({ bytes, name }) => {
      const data = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
      return transfer;
    }, { bytes: fs.readFileSync(path.join(SAMPLES, file)).toString('base64'), name: file });
    await row.dispatchEvent('dragenter', { dataTransfer: transfer });
    check(await row.evaluate((tr) => tr.classList.contains('dragging')), 'the row does not show it takes the file');
    await Promise.all([page.waitForURL(/\/submissions\/\d+$/, { timeout: 30000 }), row.dispatchEvent('drop', { dataTransfer: transfer })]);
    equal(await text(page.locator('h1')), `Версия на приноса: ${institution}, версия 1`, 'the page of the file dropped');
    check((await text(page.locator('dl.facts'))).includes('Изпратен от секретаря (получен по имейл)'), 'who sent the file dropped');
    check((await page.locator('section#result p.note').allInnerTexts()).includes('Файлът е получен по имейл и добавен от секретаря.'),
      'the note on the file dropped');
    await page.goto(`${base}/`);
    equal(await text(dashboardRow(page, institution).locator('span.badge').first()), 'подаден', `${institution}'s state after the drop`);
    check((await text(page.locator('main > p.headline'))).startsWith('1 от '), 'the headline after the drop');
    await shot(page, '19-dashboard-this-computer.png', { from: page.locator('main > h1'), to: dashboardRow(page, 'ОД на МВР – Русе') });
    const audit = await apiJson(page, '/api/v1/audit');
    const upload = audit.find((entry) => entry.action === 'upload');
    equal(upload && upload.actor, 'secretary', 'who the audit log says sent the file dropped');
    await context.close();
    step(`portal on this computer (${base}): no links, letters or reminders; ${file} dropped on ${institution}'s row is its version 1, sent by the secretary`);
  } finally {
    const stopped = await local.stop();
    check(stopped.code === 0 || stopped.signal === 'SIGTERM', `the portal on this computer stopped with ${JSON.stringify(stopped)}`);
  }
}

// ---- e-mail from the portal ----

/** Starts tests/py/smtp_server.py (aiosmtpd, STARTTLS, its own CA) keeping messages in `dir`. */
async function startSmtp(dir) {
  const port = await freePort();
  const child = spawn(PYTHON, [path.join(ROOT, 'tests', 'py', 'smtp_server.py'), '--dir', dir, '--port', String(port), '--starttls'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Failed('the SMTP server did not start in 30 s (is aiosmtpd installed?)')), 30000);
    child.stdout.setEncoding('utf-8').once('data', () => { clearTimeout(timer); resolve(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Failed(`the SMTP server stopped (${code})`)); });
  });
  return { port, dir, stop: () => child.kill('SIGTERM') };
}

/** The messages the SMTP server kept, each as { to, subject, text } (read by Python's email). */
function mailbox(dir) {
  const out = run(PYTHON, ['-c', `
import email, email.policy, glob, json, sys
from email.header import decode_header, make_header
found = []
for name in sorted(glob.glob(sys.argv[1] + '/*.eml')):
    raw = open(name, encoding='utf-8').read()
    m = email.message_from_string(raw, policy=email.policy.default)
    old = email.message_from_string(raw)
    found.append({'to': m['X-Envelope-To'], 'subject': str(make_header(decode_header(old['Subject']))),
                  'text': m.get_body(('plain',)).get_content().replace('\\r\\n', '\\n'),
                  'html': m.get_body(('html',)).get_content()})
print(json.dumps(found))
`, dir]);
  return JSON.parse(out.stdout);
}

/**
 * The portal with [mail]: the secretary sets an address on the dashboard and e-mails the
 * links in one click; the outbox shows them sent; the institution opens the link from its
 * letter and sends its file; its receipt arrives with the version and its page's link.
 */
async function mailRound(password) {
  const smtp = await startSmtp(path.join(work, 'smtp'));
  const port = await freePort();
  const config = path.join(work, 'programme-mail.toml');
  fs.writeFileSync(config, `${fs.readFileSync(CONFIG, 'utf-8').replace('name = "РЗИ – Русе"', 'name = "РЗИ – Русе"\nemail = "rzi@rzi-ruse.bg"')}
[mail]
smtp = "127.0.0.1:${smtp.port}"
security = "starttls"
from = "Комисия за детето – Русе <komisia@ruse.bg>"
ca_file = "${path.join(smtp.dir, 'ca.pem')}"
`);
  const portal = startServer(password, { config, port, data: path.join(work, 'data-mail') });
  try {
    const base = await portal.url;
    const context = await newContext();
    const page = await newPage(context, 'secretary (e-mail)');
    await page.goto(`${base}/login`);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL(`${base}/`), page.locator('main form button[type=submit]').click()]);
    const section = page.locator('section#mail');
    const institution = 'Община Русе';
    const row = section.locator('table.mail-addresses tbody tr', { has: page.getByRole('rowheader', { name: institution, exact: true }) });
    // The addresses are folded away once one is known (РЗИ's, from programme.toml).
    equal(await text(section.locator('details.addresses summary')), 'Адреси на институциите (1 от 46 имат адрес)', 'the addresses\' summary');
    await section.locator('details.addresses summary').click();
    await row.locator('input[name=address]').fill('detsa@ruse.bg');
    await Promise.all([page.waitForURL(/#mail$/), row.getByRole('button', { name: 'Запази адреса' }).click()]);
    await Promise.all([page.waitForURL(/#mail$/), section.getByRole('button', { name: 'Изпрати връзките по имейл' }).click()]);
    let sent = 0;
    for (let i = 0; i < 100 && sent < 2; i += 1) {
      await page.waitForTimeout(200);
      await page.reload();
      sent = await section.locator('table.outbox span.badge.mail-sent').count();
    }
    equal(sent, 2, 'letters the outbox shows sent');
    await shot(page, '20-dashboard-mail.png', { from: section });
    // The same section on a phone, in the same session.
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'bg-BG',
      storageState: await context.storageState(),
    });
    const phonePage = await newPage(phone, 'secretary (e-mail, phone)');
    await phonePage.goto(`${base}/#mail`);
    await shot(phonePage, '21-dashboard-mail-phone.png', { from: phonePage.locator('section#mail') });
    // Opened, the addresses: the first rows are enough to see each row's form fits.
    const addresses = phonePage.locator('section#mail details.addresses');
    await addresses.locator('summary').click();
    await shot(phonePage, '21-dashboard-mail-addresses-phone.png',
      { from: addresses.locator('summary'), to: addresses.locator('tbody tr').nth(3) });
    await phone.close();
    const letters = mailbox(smtp.dir);
    equal(letters.map((m) => m.to).sort().join(' '), 'detsa@ruse.bg rzi@rzi-ruse.bg', 'who got a letter');
    const letter = letters.find((m) => m.to === 'detsa@ruse.bg');
    equal(letter.subject, 'Покана за принос към „Общинска програма за закрила на детето“', 'the letter\'s subject');
    const link = (letter.text.match(/https?:\/\/\S+\/i\/\S+/) || [])[0];
    check(link && link.startsWith(`http://${HOST}:${port}/i/`), `the link in the letter: ${link}`);

    // The institution opens the link from its letter and sends its file.
    const own = await newContext();
    const institutionPage = await newPage(own, `${institution} (from its letter)`);
    await institutionPage.goto(link);
    await institutionPage.locator('form.upload input#file').setInputFiles(path.join(SAMPLES, '01-obshtina-ruse.xlsx'));
    await Promise.all([
      institutionPage.waitForURL(/\/i\/[^?]+\?v=\d+&sent=1#shown$/, { timeout: 30000 }),
      institutionPage.locator('form.upload').getByRole('button', { name: 'Изпрати файла' }).click(),
    ]);
    let receipt = null;
    for (let i = 0; i < 100 && !receipt; i += 1) {
      await institutionPage.waitForTimeout(200);
      receipt = mailbox(smtp.dir).find((m) => m.subject.startsWith(`Получен: ${institution}, версия 1`));
    }
    check(receipt, 'no receipt of the upload arrived');
    equal(receipt.to, 'detsa@ruse.bg', 'who got the receipt');
    check(receipt.text.includes('Файл: 01-obshtina-ruse.xlsx') && receipt.text.includes(`\n${link}\n`),
      `the receipt says the file and the page's link:\n${receipt.text}`);
    // The receipt as a mail program shows its HTML part (no outside resources: none load).
    const letterPage = await newPage(own, 'the receipt (HTML)');
    await letterPage.setViewportSize({ width: 700, height: 600 });
    await letterPage.setContent(receipt.html);
    equal(await letterPage.locator(`a[href="${link}"]`).count(), 1, 'the page\'s link in the receipt\'s HTML');
    await shot(letterPage, '22-receipt-html.png');
    fs.writeFileSync(path.join(SHOTS, '22-receipt.txt'), receipt.text);
    await own.close();
    await context.close();
    step(`e-mail: the links of 2 institutions sent in one click, the outbox shows them sent; ${institution} opened its letter's link, sent its file and got its receipt`);
  } finally {
    smtp.stop();
    const stopped = await portal.stop();
    check(stopped.code === 0 || stopped.signal === 'SIGTERM', `the portal with e-mail stopped with ${JSON.stringify(stopped)}`);
  }
}

try {
  await round();
  if (!process.env.KEEP) fs.rmSync(work, { recursive: true, force: true });
  console.log(`browser round: passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${shown(SHOTS)}/`);
} catch (error) {
  console.error(`\nbrowser round FAILED: ${error instanceof Failed ? error.message : error.stack}`);
  if (problems.length) console.error(`also seen in the browser:\n  ${problems.join('\n  ')}`);
  if (server) console.error(`last server log lines:\n  ${server.log.slice(-15).join('\n  ')}`);
  console.error(`files of this run kept in ${work}`);
  process.exitCode = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop();
  if (process.env.KEEP && process.exitCode !== 1) console.log(`files of this run kept in ${work}`);
}
