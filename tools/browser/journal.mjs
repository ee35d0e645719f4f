// The web hall's journal: the home earthquake played in headless Chromium (Debian's) by a bot
// in the visitor's place, fast, and the journal the engine hands the page at the end.
//
//   node journal.mjs URL [--seed N] [--bot POLICY] [--pace X]
//
// Prints one JSON line: { lines, last_hash, text } as the engine sent it, or { problems }.
// Exit status 1 on any page error or when no journal comes within the time.
import { launch } from './chromium.mjs';

const args = process.argv.slice(2);
const url = args[0];
const opt = (name, d) => (args.includes(name) ? args[args.indexOf(name) + 1] : d);
if (!url) {
  console.error('usage: node journal.mjs URL [--seed N] [--bot POLICY] [--pace X]');
  process.exit(2);
}
const browser = await launch({ webgl: true });
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 640, height: 400 } });
  page.on('pageerror', (e) => problems.push('page error: ' + e));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
  const q = new URLSearchParams({
    play: 'home-earthquake', lang: 'en', seed: opt('--seed', '7'),
    bot: opt('--bot', 'follow-plan'), pace: opt('--pace', '8'),
  });
  await page.goto(url + '?' + q);
  await page.waitForFunction(() => !document.getElementById('start').disabled, null, { timeout: 120000 });
  await page.click('#start');
  await page.waitForFunction(() => window.hallJournal, null, { timeout: 400000, polling: 500 });
  const j = await page.evaluate(() => window.hallJournal);
  console.log(JSON.stringify({ ...j, problems }));
} catch (e) {
  problems.push(String(e.message || e));
  console.log(JSON.stringify({ problems }));
} finally {
  await browser.close();
}
process.exit(problems.length ? 1 : 0);
