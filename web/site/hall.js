// The experience hall's page: the menu, the knowledge cards, the download with its progress,
// the HUD around the engine's canvas, and the result. Everything the visitor reads is here, in
// zh and en; the engine (hall_bg.wasm) draws the world and judges the drill. The bridge object
// `window.drillhallHall` is the only way the two talk (engine/hall/bridge.rs).

const T = {
  hall: { zh: 'drillhall 应急体验馆', en: 'drillhall emergency experience hall' },
  reducedMotion: { zh: '减少晃动', en: 'Reduce motion' },
  welcome: { zh: '在安全的地方，练一练危险来临时怎么做', en: 'Practise, somewhere safe, what to do when danger comes' },
  welcomeText: {
    zh: '每个体验只要几分钟：先看看要做什么、为什么，再亲身试一试，最后看看你做得怎么样、该记住什么。',
    en: 'Each experience takes a few minutes: read what to do and why, try it yourself, then see how you did and what to remember.',
  },
  noWebgl: {
    zh: '你的浏览器不支持 WebGL2，无法显示三维场景。请换用新版的 Chrome、Edge、Firefox 或 Safari，或在设置中打开硬件加速。',
    en: 'Your browser does not support WebGL2, so the 3D scene cannot be shown. Please use a recent Chrome, Edge, Firefox or Safari, or turn on hardware acceleration in its settings.',
  },
  minutes: { zh: (n) => `最多 ${n} 分钟`, en: (n) => `up to ${n} min` },
  open: { zh: '进入体验', en: 'Enter' },
  whatToDo: { zh: '要做什么，为什么', en: 'What to do, and why' },
  keys: {
    zh: '操作：按钮或键盘。W A S D 走动，Q / E 转身，C 躲避 / 起身，1–9 选择行动。',
    en: 'Controls: the buttons, or the keyboard: W A S D to walk, Q / E to turn, C to take cover / stand up, 1–9 for actions.',
  },
  back: { zh: '返回', en: 'Back' },
  start: { zh: '开始体验', en: 'Start' },
  loading: { zh: (a, b) => `正在下载 ${a} / ${b} MB`, en: (a, b) => `Downloading ${a} / ${b} MB` },
  loadingNoTotal: { zh: (a) => `正在下载 ${a} MB`, en: (a) => `Downloading ${a} MB` },
  compiling: { zh: '正在准备……', en: 'Preparing…' },
  ready: { zh: '准备好了。', en: 'Ready.' },
  loadFailed: { zh: '下载失败，请检查网络后刷新页面。', en: 'The download failed. Please check the connection and reload the page.' },
  starting: { zh: '正在进入场景……', en: 'Entering the scene…' },
  finish: { zh: '结束', en: 'End' },
  shaking: { zh: '地面正在剧烈晃动', en: 'The ground is shaking hard' },
  struck: {
    zh: '有东西掉下来碰到了你。真实地震中这可能让你受伤——躲在结实的桌子下面就能避开。',
    en: 'Something fell and hit you. In a real earthquake it could hurt you — under a sturdy table you would be sheltered.',
  },
  safe: { zh: '你已到达空旷安全的地方。', en: 'You are on safe, open ground.' },
  cover: { zh: '躲避：伏地、遮挡、手抓牢', en: 'Drop, cover, hold on' },
  standUp: { zh: '起身', en: 'Stand up' },
  resultTitle: { zh: '体验结果', en: 'How you did' },
  score: { zh: (s) => `得分 ${s} / 100`, en: (s) => `Score ${s} / 100` },
  drillScore: { zh: (s) => `（全场 ${s}）`, en: (s) => ` (the whole drill: ${s})` },
  partial: { zh: '（提前结束）', en: ' (ended early)' },
  remember: { zh: '请记住', en: 'Remember' },
  yourSteps: { zh: '你的每一步', en: 'Each step' },
  toMenu: { zh: '回到体验馆', en: 'Back to the hall' },
  again: { zh: '再试一次', en: 'Try again' },
  failed: { zh: '体验无法启动：', en: 'The experience could not start: ' },
  starsLabel: { zh: (n) => `${n} 颗星（共 3 颗）`, en: (n) => `${n} of 3 stars` },
};

const params = new URLSearchParams(location.search);
let lang = params.get('lang') || localStorage.getItem('drillhall-lang') ||
  ((navigator.languages || [navigator.language]).some((l) => /^zh/i.test(l)) ? 'zh' : 'en');
if (lang !== 'zh' && lang !== 'en') lang = 'zh';
let menu = null;
let chosen = null;
let module = null;
let lastState = null;
let lastResult = null;
const input = [];
const $ = (id) => document.getElementById(id);
const tr = (key, ...args) => {
  const v = T[key][lang];
  return typeof v === 'function' ? v(...args) : v;
};
const pick = (text) => (text ? text[lang] : '');

function setLang(l) {
  lang = l;
  localStorage.setItem('drillhall-lang', l);
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  $('lang').textContent = l === 'zh' ? 'English' : '中文';
  document.title = tr('hall');
  for (const el of document.querySelectorAll('[data-t]')) {
    const v = T[el.dataset.t][lang];
    if (typeof v === 'string') el.textContent = v;
  }
  renderMenu();
  if (chosen) renderBefore();
  if (lastState) renderState(lastState);
  if (lastResult) renderResult(lastResult);
  updateProgress();
}
window.setLang = setLang;

function show(id) {
  for (const s of ['menu', 'before', 'stage', 'after', 'failed']) $(s).hidden = s !== id;
  document.body.dataset.screen = id;
}

const webgl2 = (() => {
  try { return !!document.createElement('canvas').getContext('webgl2'); } catch { return false; }
})();

function renderMenu() {
  const ul = $('experiences');
  ul.replaceChildren();
  if (!menu) return;
  for (const x of menu.experiences) {
    const li = document.createElement('li');
    li.className = 'experience ' + x.kind.toLowerCase();
    const h = document.createElement('h2');
    h.textContent = pick(x.title);
    const p = document.createElement('p');
    p.textContent = tr('minutes', x.minutes);
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = tr('open');
    b.disabled = !webgl2;
    b.dataset.experience = x.id;
    b.addEventListener('click', () => choose(x.id));
    li.append(h, p, b);
    ul.append(li);
  }
}

function renderBefore() {
  $('x-title').textContent = pick(chosen.title);
  $('x-briefing').textContent = pick(chosen.briefing);
  const ol = $('x-cards');
  ol.replaceChildren();
  for (const c of chosen.cards) ol.append(knowledgeCard(c.title, c.why));
}

// A knowledge card: what to do (a plan step's title) and why.
function knowledgeCard(title, why) {
  const li = document.createElement('li');
  const h = document.createElement('h3');
  h.textContent = pick(title);
  li.append(h);
  if (why) {
    const p = document.createElement('p');
    p.textContent = pick(why);
    li.append(p);
  }
  return li;
}

// Download progress: bytes as they arrive against the size the build recorded (a server may
// compress, so Content-Length is not the size of what the reader yields).
const progress = { got: 0, total: 0, phase: 'idle' };
function updateProgress() {
  const mb = (n) => (n / 1048576).toFixed(1);
  const fill = $('progress-fill');
  const bar = fill.parentElement;
  let pct = progress.total ? Math.min(100, (100 * progress.got) / progress.total) : 0;
  let text = '';
  if (progress.phase === 'download') {
    text = progress.total ? tr('loading', mb(progress.got), mb(progress.total)) : tr('loadingNoTotal', mb(progress.got));
  } else if (progress.phase === 'compile') {
    text = tr('compiling');
    pct = 100;
  } else if (progress.phase === 'ready') {
    text = tr('ready');
    pct = 100;
  } else if (progress.phase === 'failed') {
    text = tr('loadFailed');
  }
  fill.style.width = pct.toFixed(1) + '%';
  bar.setAttribute('aria-valuenow', pct.toFixed(0));
  $('progress-text').textContent = text;
  $('start').disabled = progress.phase !== 'ready';
}

async function download() {
  if (module || progress.phase === 'download' || progress.phase === 'compile') return;
  progress.phase = 'download';
  progress.got = 0;
  try {
    const build = await (await fetch('build.json')).json();
    progress.total = build.wasm_bytes || 0;
    updateProgress();
    const res = await fetch(build.wasm);
    if (!res.ok || !res.body) throw new Error(res.status);
    const reader = res.body.getReader();
    const parts = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      progress.got += value.length;
      updateProgress();
    }
    progress.phase = 'compile';
    updateProgress();
    const bytes = new Uint8Array(progress.got);
    let at = 0;
    for (const p of parts) { bytes.set(p, at); at += p.length; }
    const glue = await import('./' + build.glue);
    module = { glue, compiled: await WebAssembly.compile(bytes) };
    progress.phase = 'ready';
    window.hallTimes.ready = performance.now();
  } catch (e) {
    console.error('download failed', e);
    progress.phase = 'failed';
  }
  updateProgress();
}

function choose(id) {
  chosen = menu.experiences.find((x) => x.id === id);
  if (!chosen) return;
  history.replaceState(null, '', '?play=' + encodeURIComponent(id));
  renderBefore();
  show('before');
  window.scrollTo(0, 0);
  download();
}

// The engine's side of the bridge.
window.drillhallHall = {
  config: () => JSON.stringify({
    experience: chosen.id,
    lang,
    reducedMotion: $('reduced-motion').checked,
    pace: Number(params.get('pace')) || undefined,
    seed: params.has('seed') ? Number(params.get('seed')) : undefined,
    // A bot in the visitor's place (tests): the engine hands over the journal at the end.
    bot: params.get('bot') || undefined,
  }),
  takeInput: () => input.splice(0).join('\n'),
  fromEngine: (kind, json) => {
    const v = JSON.parse(json);
    if (kind === 'state') renderState(v);
    else if (kind === 'frame') {
      window.hallTimes.firstFrame = performance.now();
      $('starting').hidden = true;
    } else if (kind === 'result') renderResult(v);
    else if (kind === 'journal') window.hallJournal = v;
    else if (kind === 'error') fail(v.message);
  },
};
window.hallTimes = { navigation: 0 };
// The latest state the engine told (for the browser test and anyone curious).
window.hallState = () => lastState;

function fail(message) {
  $('failed-text').textContent = tr('failed') + message;
  show('failed');
}

async function start() {
  if (!module) return;
  show('stage');
  window.hallTimes.start = performance.now();
  const canvas = $('hall-canvas');
  canvas.focus();
  try {
    await module.glue.default({ module_or_path: module.compiled });
  } catch (e) {
    // winit hands control to the browser's event loop by throwing; anything else is a failure.
    if (!String(e).includes('control flow')) {
      console.error(e);
      fail(String(e));
    }
  }
}

function renderState(s) {
  lastState = s;
  $('clock').textContent = s.clock;
  // The experience's name, not the drill's phase: the banner and the hint say what is happening.
  $('stage-title').textContent = chosen ? pick(chosen.title) : '';
  const text = (id, v) => { $(id).hidden = !v; if (v) $(id).textContent = pick(v); };
  text('hazard', s.hazard);
  text('notice', s.notice);
  text('subtitle', s.subtitle);
  $('shaking').hidden = !s.shaking;
  $('struck').hidden = !s.struck;
  $('safe').hidden = !s.safe;
  $('cover').textContent = s.cover ? tr('standUp') : tr('cover');
  // Drop, cover, hold on is the earthquake's; in a fire or a flood one gets away.
  $('cover').hidden = !(chosen && chosen.kind === 'Earthquake');
  const box = $('choices');
  const labels = s.choices.map(pick);
  if (box.dataset.labels !== JSON.stringify(labels)) {
    box.dataset.labels = JSON.stringify(labels);
    box.replaceChildren(...labels.map((l, k) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = `${k + 1} · ${l}`;
      b.dataset.choice = String(k);
      b.addEventListener('click', () => { input.push('choice ' + k); $('hall-canvas').focus(); });
      return b;
    }));
  }
}

function renderResult(r) {
  lastResult = r;
  if (!r) return;
  const o = r.outcome;
  const stars = $('stars');
  stars.textContent = '★'.repeat(o.stars) + '☆'.repeat(3 - o.stars);
  stars.setAttribute('aria-label', tr('starsLabel', o.stars));
  stars.dataset.stars = String(o.stars);
  $('score').textContent = tr('score', Math.round(o.score))
    + (o.drill_score == null ? '' : tr('drillScore', Math.round(o.drill_score)))
    + (r.complete ? '' : tr('partial'));
  $('score').dataset.score = String(o.score);
  const card = (l) => {
    const li = knowledgeCard(l.title, l.why);
    li.className = 'outcome-' + l.outcome.toLowerCase();
    const did = [pick(l.outcome_words), l.timing && pick(l.timing), l.what_happened && pick(l.what_happened)];
    const p = document.createElement('p');
    p.className = 'did';
    p.textContent = did.filter(Boolean).join(' · ');
    li.append(p);
    return li;
  };
  $('remember').replaceChildren(...o.remember.map(card));
  $('steps').replaceChildren(...o.steps.map((l) => {
    const li = document.createElement('li');
    li.className = 'outcome-' + l.outcome.toLowerCase();
    li.textContent = `${l.outcome === 'Met' ? '✓' : l.outcome === 'MetLate' ? '◐' : '✗'} ${pick(l.title)} — ${pick(l.outcome_words)}`;
    return li;
  }));
  $('again').href = '?play=' + encodeURIComponent(chosen.id) + '&lang=' + lang;
  show('after');
  window.scrollTo(0, 0);
}

// Held buttons walk and turn while held (pointer or keyboard); releasing stops.
function holdButton(b, down, up) {
  const on = (e) => { e.preventDefault(); input.push(down); };
  const off = () => input.push(up);
  b.addEventListener('pointerdown', on);
  for (const ev of ['pointerup', 'pointerleave', 'pointercancel']) b.addEventListener(ev, off);
}

async function main() {
  $('lang').addEventListener('click', () => setLang(lang === 'zh' ? 'en' : 'zh'));
  const motion = $('reduced-motion');
  motion.checked = localStorage.getItem('drillhall-reduced-motion') === '1' ||
    (localStorage.getItem('drillhall-reduced-motion') === null && matchMedia('(prefers-reduced-motion: reduce)').matches);
  motion.addEventListener('change', () => localStorage.setItem('drillhall-reduced-motion', motion.checked ? '1' : '0'));
  $('back').addEventListener('click', () => { history.replaceState(null, '', './'); chosen = null; show('menu'); });
  $('start').addEventListener('click', start);
  $('cover').addEventListener('click', () => { input.push('cover'); $('hall-canvas').focus(); });
  $('finish').addEventListener('click', () => input.push('finish'));
  for (const b of document.querySelectorAll('[data-walk]')) holdButton(b, 'walk ' + b.dataset.walk, 'walk 0 0');
  for (const b of document.querySelectorAll('[data-turn]')) holdButton(b, 'turn ' + b.dataset.turn, 'turn 0');
  $('nogl').hidden = webgl2;
  show('menu');
  setLang(lang);
  try {
    menu = await (await fetch('experiences.json')).json();
  } catch (e) {
    fail(String(e));
    return;
  }
  renderMenu();
  const play = params.get('play');
  if (play && webgl2 && menu.experiences.some((x) => x.id === play)) choose(play);
  document.body.dataset.ready = '1';
}

main();
