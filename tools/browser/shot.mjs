// Screenshots of a local HTML file in headless Chromium (Debian's), in each language the page
// switches between: node shot.mjs FILE.html OUT_DIR [WIDTH]
// Writes OUT_DIR/<name>-zh.png and -en.png (full page) and -zh-top.png (first screen).
import { launch } from './chromium.mjs';
import path from 'node:path';
import fs from 'node:fs';

const [file, out, width = '1280'] = process.argv.slice(2);
if (!file || !out) {
  console.error('usage: node shot.mjs FILE.html OUT_DIR [WIDTH]');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
const browser = await launch();
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
page.on('request', (r) => { if (!r.url().startsWith('file:')) errors.push('network request: ' + r.url()); });
await page.goto('file://' + path.resolve(file));
const name = path.basename(file, '.html');
for (const lang of ['zh', 'en']) {
  await page.evaluate((l) => window.setLang(l), lang);
  await page.screenshot({ path: path.join(out, `${name}-${lang}.png`), fullPage: true });
  await page.screenshot({ path: path.join(out, `${name}-${lang}-top.png`) });
}
await browser.close();
if (errors.length) {
  console.error(errors.join('\n'));
  process.exit(1);
}
console.log(`screenshots in ${out}`);
