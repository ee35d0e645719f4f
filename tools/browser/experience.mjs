// One public experience of the web hall played in headless Chromium (Debian's) by a bot in the
// visitor's place: the time to the first frame, a page screenshot when the drill clock passes
// --shot-at seconds, and the result the page shows.
//
//   node experience.mjs URL ID OUT.png [--bot POLICY] [--seed N] [--pace X] [--shot-at S]
//
// Prints one JSON line: { stars, score, firstFrameMs, shotAtS, problems }. Exit status 1 on any
// page error or when a stage does not come within its time.
import { launch } from './chromium.mjs';

const args = process.argv.slice(2);
const [url, id, out] = args;
const opt = (name, d) => (args.includes(name) ? args[args.indexOf(name) + 1] : d);
if (!url || !id || !out) {
  console.error('usage: node experience.mjs URL ID OUT.png [--bot POLICY] [--seed N] [--pace X] [--shot-at S]');
  process.exit(2);
}
const shotAt = Number(opt('--shot-at', '240'));
const browser = await launch({ webgl: true });
const problems = [];
let report = {};
try {
  const page = await browser.newPage({ viewport: { width: 640, height: 400 } });
  page.on('pageerror', (e) => problems.push('page error: ' + e));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
  const q = new URLSearchParams({
    play: id, lang: 'en', seed: opt('--seed', '7'),
    bot: opt('--bot', 'follow-plan'), pace: opt('--pace', '8'),
  });
  await page.goto(url + '?' + q);
  await page.waitForFunction(() => !document.getElementById('start').disabled, null, { timeout: 120000 });
  await page.click('#start');
  await page.waitForFunction(() => window.hallTimes.firstFrame > 0, null, { timeout: 60000 });
  const times = await page.evaluate(() => window.hallTimes);
  await page.waitForFunction((s) => { const st = window.hallState(); return st && st.t_s >= s; }, shotAt,
    { timeout: 300000, polling: 200 });
  await page.screenshot({ path: out });
  const at = await page.evaluate(() => window.hallState().t_s);
  await page.waitForFunction(() => document.body.dataset.screen === 'after', null,
    { timeout: 400000, polling: 500 });
  const result = await page.evaluate(() => ({
    stars: Number(document.getElementById('stars').dataset.stars),
    score: Number(document.getElementById('score').dataset.score),
  }));
  report = { ...result, firstFrameMs: times.firstFrame - times.start, shotAtS: at };
} catch (e) {
  problems.push(String(e.message || e));
} finally {
  await browser.close();
}
console.log(JSON.stringify({ ...report, problems }));
process.exit(problems.length ? 1 : 0);
