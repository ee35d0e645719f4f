// The web hall in headless Chromium (Debian's), as a visitor uses it: the menu, the knowledge
// cards while the engine downloads, the home earthquake experience played with the page's
// buttons (cover at the warning, stand up and go to open ground after the shaking), the result.
//
//   node hall.mjs URL OUT_DIR [--runs N]
//
// Writes screenshots to OUT_DIR (menu, cards, in the experience and the result, zh and en, and
// a phone-sized menu) and prints one JSON line: stars, score, the load and first-frame times,
// and whether the canvas area drew more than a flat colour. --runs N first measures the time to
// the first frame N times (fresh pages) for docs/benchmarks.md. Exit status 1 on any page error,
// any request that leaves the site, or a step that does not happen in time.
import { launch } from './chromium.mjs';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const [url, out] = args;
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 0;
if (!url || !out) {
  console.error('usage: node hall.mjs URL OUT_DIR [--runs N]');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
const browser = await launch({ webgl: true });
const origin = new URL(url).origin;
const problems = [];
const log = [];

async function open(viewport) {
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (e) => problems.push('page error: ' + e));
  page.on('console', (m) => {
    log.push(`[${m.type()}] ${m.text()}`);
    if (m.type() === 'error') problems.push('console error: ' + m.text());
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) {
      problems.push('request outside the site: ' + r.url());
    }
  });
  return page;
}

const shot = (page, name) => page.screenshot({ path: path.join(out, name + '.png') });
const until = async (page, what, fn, arg, timeout = 120000) => {
  try {
    await page.waitForFunction(fn, arg, { timeout, polling: 250 });
  } catch (e) {
    throw new Error(`${what}: not within ${timeout / 1000} s (${e.message.split('\n')[0]})`);
  }
};
// Standard deviation of a screenshot's luminance (the canvas fills the window).
async function canvasSpread(page) {
  const png = await page.screenshot();
  return page.evaluate(async (b64) => {
    // Decoded here, not fetched: the page's policy allows no data: connections.
    const blob = new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' });
    const img = await createImageBitmap(blob);
    const c = new OffscreenCanvas(img.width, img.height);
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const { data } = g.getImageData(0, 0, img.width, img.height);
    let n = 0, s = 0, s2 = 0;
    for (let i = 0; i < data.length; i += 16) {
      const y = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
      n++; s += y; s2 += y * y;
    }
    return Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2));
  }, png.toString('base64'));
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

try {
  // Time to the first frame, fresh pages: navigation → engine downloaded and compiled, and
  // "Start" → first frame drawn.
  const firstFrames = [];
  for (let k = 0; k < runs; k++) {
    const page = await open({ width: 1280, height: 800 });
    await page.goto(url + '?play=home-earthquake&lang=zh&seed=7');
    await until(page, 'engine ready', () => !document.getElementById('start').disabled);
    await page.click('#start');
    await until(page, 'first frame', () => window.hallTimes.firstFrame > 0);
    firstFrames.push(await page.evaluate(() => window.hallTimes));
    await page.close();
  }

  // The visit.
  const phone = await open({ width: 390, height: 844 });
  await phone.goto(url);
  await until(phone, 'menu', () => document.body.dataset.ready === '1', null, 30000);
  await shot(phone, 'phone-menu-zh');
  await phone.close();

  const page = await open({ width: 1280, height: 800 });
  await page.goto(url + '?lang=zh&pace=2&seed=7');
  await until(page, 'menu', () => document.body.dataset.ready === '1', null, 30000);
  await shot(page, 'menu-zh');
  await page.evaluate(() => window.setLang('en'));
  await shot(page, 'menu-en');
  await page.evaluate(() => window.setLang('zh'));
  await page.click('button[data-experience="home-earthquake"]');
  await until(page, 'engine downloaded and compiled', () => !document.getElementById('start').disabled);
  await shot(page, 'cards-zh');
  await page.evaluate(() => window.setLang('en'));
  await shot(page, 'cards-en');
  await page.evaluate(() => window.setLang('zh'));
  await page.click('#start');
  await until(page, 'first frame', () => window.hallTimes.firstFrame > 0, null, 60000);
  const state = () => window.hallState();
  await shot(page, 'experience-start-zh');
  // The warning sounds at 0:14.2 (8 s before the S wave at 22.1 s) and cover is due within 5 s
  // of it: already in cover when it sounds counts. Taken at 0:07, so a page slowed by software
  // rendering cannot make the click late.
  await until(page, 'the drill running', () => { const s = window.hallState(); return s && s.t_s >= 7.1; });
  await page.click('#cover');
  await until(page, 'in cover', () => window.hallState().cover);
  await until(page, 'the shaking', () => window.hallState().shaking);
  await page.waitForTimeout(1500);
  // The canvas draws the room: more than a flat colour.
  const spread = await canvasSpread(page);
  await shot(page, 'experience-shaking-zh');
  await page.evaluate(() => window.setLang('en'));
  await shot(page, 'experience-shaking-en');
  await page.evaluate(() => window.setLang('zh'));
  // Hold on until the shaking has stopped, and 6 s more (the plan asks for 5). Counted from when
  // this page saw it stop, never from a fixed time: the click cannot come early however the
  // page's frames and the drill's pace drift.
  await until(page, 'the shaking stops', () => { const s = window.hallState(); return !s.shaking && s.t_s > 20; });
  const stoppedAt = await page.evaluate(() => window.hallState().t_s);
  await until(page, 'held on 6 s after the shaking', (t) => window.hallState().t_s >= t + 6, stoppedAt);
  await page.click('#cover');
  await until(page, 'standing', () => !window.hallState().cover);
  await until(page, 'the way out offered', () => window.hallState().choices.some((c) => c.en.startsWith('Go to')));
  const k = await page.evaluate(() => window.hallState().choices.findIndex((c) => c.en.startsWith('Go to')));
  await page.click(`button[data-choice="${k}"]`);
  await page.waitForTimeout(2000);
  await shot(page, 'experience-leaving-zh');
  await until(page, 'the result', () => document.body.dataset.screen === 'after', null, 240000);
  await shot(page, 'result-zh');
  await page.evaluate(() => window.setLang('en'));
  await page.screenshot({ path: path.join(out, 'result-en.png'), fullPage: true });
  const result = await page.evaluate(() => ({
    stars: Number(document.getElementById('stars').dataset.stars),
    score: Number(document.getElementById('score').dataset.score),
    remember: [...document.querySelectorAll('#remember h3')].map((h) => h.textContent),
    steps: [...document.querySelectorAll('#steps li')].map((li) => li.className),
    times: window.hallTimes,
  }));
  console.log(JSON.stringify({ ...result, spread, firstFrames, problems }));
} catch (e) {
  problems.push(String(e.message || e));
  console.log(JSON.stringify({ problems, log: log.slice(-40) }));
} finally {
  await browser.close();
}
process.exit(problems.length ? 1 : 0);
