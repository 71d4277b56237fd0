// The in-browser validation console. Plain ES module, no framework, no network
// beyond its own static files: the artefact never leaves the page.
import init, {
  check, checkBytes, checkCommitMessage, format, profiles, rules, referentials, version,
} from '../pkg/cct.js';

const $ = (id) => document.getElementById(id);
const editor = $('editor');
const gutter = $('gutter');
const kindSelect = $('kind');
const pathInput = $('path');
const profileSelect = $('profile');
const statusEl = $('status');
const errorEl = $('error');
const findingsEl = $('findings');
const summaryBody = $('summary-body');
const runButton = $('run');
const live = $('live');
const timing = $('timing');
const allRequirements = $('all-requirements');

/** Debounce of check-as-you-type, in ms; longer for large inputs. */
const DEBOUNCE_MS = 250;
const DEBOUNCE_LARGE_MS = 800;
const LARGE_INPUT = 256 * 1024;

const KIND_LABELS = {
  kube: 'Kubernetes',
  openapi: 'OpenAPI',
  image: "configuration d'image",
  commit: 'message de commit',
};
const SEVERITY_LABELS = { error: 'Erreur', warning: 'Avertissement', info: 'Info' };
const STATUS_LABELS = {
  pass: 'Conforme',
  fail: 'Non conforme',
  derogated: 'Dérogé',
  'not-evaluated': 'Non évalué',
  'needs-attestation': 'À attester',
};

/** Requirement id → {level, summary_fr, summary_en, text, referential}. */
const requirementIndex = new Map();
let lastReport = null;
let tooltipSeq = 0;

// Timings read by the browser bench (bench/browser-bench.mjs).
window.cctTimings = { initMs: null, firstResultMs: null, lastCheckMs: null, lastRenderMs: null };

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------- editor gutter

// The gutter renders only the lines in view (plus a margin), so a 100 000-line
// input costs no more than a short one.
let gutterLines = 0;
let marks = new Map();
const GUTTER_MARGIN = 30;

function countLines() {
  let lines = 1;
  const text = editor.value;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

function lineHeight() {
  return parseFloat(getComputedStyle(editor).lineHeight) || 20;
}

function renderGutter() {
  const lh = lineHeight();
  const first = Math.max(0, Math.floor(editor.scrollTop / lh) - GUTTER_MARGIN);
  const last = Math.min(gutterLines, Math.ceil((editor.scrollTop + editor.clientHeight) / lh) + GUTTER_MARGIN);
  const inner = document.createElement('div');
  for (let n = first + 1; n <= last; n++) {
    const sev = marks.get(n);
    if (sev) {
      const span = document.createElement('span');
      span.className = `mark-${sev}`;
      span.textContent = String(n);
      inner.append(span, '\n');
    } else {
      inner.append(`${n}\n`);
    }
  }
  inner.style.transform = `translateY(${first * lh - editor.scrollTop}px)`;
  gutter.replaceChildren(inner);
}

function updateGutter() {
  gutterLines = countLines();
  renderGutter();
}

function markedLines() {
  const out = new Map();
  for (const f of lastReport?.findings ?? []) {
    const prev = out.get(f.location.line);
    if (!prev || rank(f.severity) > rank(prev)) out.set(f.location.line, f.severity);
  }
  return out;
}

function rank(sev) {
  return { error: 2, warning: 1, info: 0 }[sev] ?? 0;
}

function refreshMarks() {
  marks = markedLines();
  renderGutter();
}

editor.addEventListener('scroll', () => requestAnimationFrame(renderGutter));
editor.addEventListener('keydown', (e) => {
  // Tab indents (YAML wants spaces); Escape releases the keyboard trap so Tab moves focus.
  if (e.key === 'Escape') { editor.dataset.tabExits = 'true'; return; }
  if (e.key === 'Tab' && !e.shiftKey && editor.dataset.tabExits !== 'true') {
    e.preventDefault();
    editor.setRangeText('  ', editor.selectionStart, editor.selectionEnd, 'end');
    onEdit();
  }
});
editor.addEventListener('blur', () => { delete editor.dataset.tabExits; });

/** Selects line `line` in the editor and scrolls it into view. */
function jumpTo(line, column) {
  const text = editor.value;
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next === -1) break;
    start = next + 1;
  }
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  editor.focus();
  editor.setSelectionRange(start, end);
  editor.scrollTop = Math.max(0, (line - 1) * lineHeight() - editor.clientHeight / 3);
  renderGutter();
  statusEl.dataset.jump = `${line}:${column ?? 1}`;
}

// ---------------------------------------------------------------- checking

let timer = null;
function onEdit() {
  binaryInput = null;
  updateGutter();
  if (!live.checked || runButton.disabled) return;
  clearTimeout(timer);
  timer = setTimeout(runCheck, editor.value.length > LARGE_INPUT ? DEBOUNCE_LARGE_MS : DEBOUNCE_MS);
}

function runCheck() {
  clearTimeout(timer);
  const text = editor.value;
  const options = { kind: kindSelect.value, path: pathInput.value.trim() || '<input>' };
  if (profileSelect.value) options.profile = profileSelect.value;
  // A commit message is checked as git's commit-msg hook sees it (comments and scissors dropped).
  const commit = kindSelect.value === 'commit' && !binaryInput;
  const t0 = performance.now();
  let report = null;
  let error = null;
  try {
    if (binaryInput) report = checkBytes(binaryInput, options);
    else if (commit) report = checkCommitMessage(text, options);
    else report = check(text, options);
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - t0;
  window.cctTimings.lastCheckMs = ms;
  if (window.cctTimings.firstResultMs === null) window.cctTimings.firstResultMs = performance.now();
  timing.textContent = `Vérifié en ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms, dans le navigateur.`;
  const t1 = performance.now();
  // An unreadable input is in the report's `errors` (the bindings' contract): shown like a thrown error.
  if (error) showError(error); else if (report.errors.length) showError(report.errors[0]); else showReport(report);
  window.cctTimings.lastRenderMs = performance.now() - t1;
}

function showError(e) {
  lastReport = null;
  $('download-sarif').disabled = true;
  refreshMarks();
  findingsEl.replaceChildren();
  summaryBody.replaceChildren();
  $('detected').textContent = 'Type détecté : —';
  errorEl.hidden = false;
  errorEl.replaceChildren();
  const p = document.createElement('p');
  const where = e.line ? ` (ligne ${e.line}, colonne ${e.column})` : '';
  // An input error of the report names its file (a thrown error may not have one).
  const file = e.path ? ` de « ${e.path} »` : '';
  p.textContent = e.code === 'internal'
    ? `Erreur interne du moteur : ${e.message}. Le moteur reste utilisable ; vous pouvez réessayer.`
    : `Lecture impossible${file}${where} : ${e.message}`;
  errorEl.append(p);
  if (e.line) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'link';
    b.textContent = `Aller à la ligne ${e.line}`;
    b.addEventListener('click', () => jumpTo(e.line, e.column));
    errorEl.append(b);
  }
  statusEl.textContent = e.code === 'internal' ? 'Erreur interne du moteur.' : 'Le contenu ne peut pas être lu.';
}

function showReport(report) {
  lastReport = report;
  $('download-sarif').disabled = false;
  errorEl.hidden = true;
  const input = report.inputs[0];
  const detected = input?.kind ? KIND_LABELS[input.kind] ?? input.kind : null;
  $('detected').textContent = detected ? `Type détecté : ${detected}` : 'Type détecté : non reconnu';
  renderFindings(report);
  renderSummary(report);
  refreshMarks();

  const s = report.summary;
  const n = report.findings.length;
  if (!detected) {
    statusEl.textContent = editor.value.trim()
      ? "Aucun type d'artefact reconnu : choisissez-le dans la liste « Type d'artefact »."
      : 'Éditeur vide.';
  } else if (n === 0) {
    statusEl.textContent = `Aucun constat dans ${input.path} (${detected}).`;
  } else {
    const parts = [];
    if (s.error) parts.push(plural(s.error, 'erreur', 'erreurs'));
    if (s.warning) parts.push(plural(s.warning, 'avertissement', 'avertissements'));
    if (s.info) parts.push(plural(s.info, 'info', 'infos'));
    if (s.derogated) parts.push(plural(s.derogated, 'dérogé', 'dérogés'));
    statusEl.textContent = `${plural(n, 'constat', 'constats')} dans ${input.path} : ${parts.join(', ')} (${detected}).`;
  }
}

function requirementChip(id) {
  const req = requirementIndex.get(id);
  const chip = document.createElement('span');
  chip.className = 'req';
  chip.tabIndex = 0;
  chip.textContent = id;
  if (req) {
    const tip = document.createElement('span');
    tip.className = 'tooltip';
    tip.setAttribute('role', 'tooltip');
    tip.id = `tip-${++tooltipSeq}`;
    const fr = document.createElement('span');
    fr.textContent = `${id}${req.level ? ` (${req.level})` : ''} — ${req.summary_fr}`;
    const en = document.createElement('span');
    en.lang = 'en';
    en.className = 'en';
    en.textContent = req.summary_en;
    tip.append(fr, en);
    chip.append(tip);
    chip.setAttribute('aria-describedby', tip.id);
  }
  return chip;
}

// Escape hides an open tooltip (WCAG 1.4.13: dismissible without moving focus).
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape') return;
  const chip = document.activeElement?.closest?.('.req');
  if (chip) chip.classList.add('dismissed');
});
document.addEventListener('focusin', (e) => e.target.closest?.('.req')?.classList.remove('dismissed'));
document.addEventListener('mouseover', (e) => e.target.closest?.('.req')?.classList.remove('dismissed'));

/** Findings rendered at once; more on demand, so a 2 MB manifest stays responsive. */
const PAGE_SIZE = 200;

function renderFindings(report) {
  findingsEl.replaceChildren();
  appendFindings(report, 0);
}

function appendFindings(report, from) {
  const slice = report.findings.slice(from, from + PAGE_SIZE);
  const items = slice.map((f, k) => {
    const i = from + k;
    const li = document.createElement('li');
    li.className = `finding sev-${f.severity}`;
    li.dataset.line = String(f.location.line);

    const jump = document.createElement('button');
    jump.type = 'button';
    jump.className = 'jump';
    jump.id = `finding-${i}`;
    const badge = document.createElement('span');
    badge.className = `badge ${f.severity}`;
    badge.textContent = SEVERITY_LABELS[f.severity] ?? f.severity;
    const where = document.createElement('span');
    where.className = 'where';
    where.textContent = `ligne ${f.location.line}, col. ${f.location.column}`;
    const msg = document.createElement('span');
    msg.className = 'message';
    msg.textContent = f.message;
    jump.append(badge, ' ', where, ' ', msg);
    jump.setAttribute('aria-label', `${badge.textContent}, ${where.textContent} : ${f.message}. Aller à la ligne.`);
    jump.addEventListener('click', () => jumpTo(f.location.line, f.location.column));

    const meta = document.createElement('p');
    meta.className = 'meta';
    const rule = document.createElement('code');
    rule.textContent = f.rule;
    meta.append('Règle ', rule, ' — exigences ');
    f.requirements.forEach((id, k) => {
      if (k) meta.append(' ');
      meta.append(requirementChip(id));
    });
    if (f.object) {
      const obj = document.createElement('span');
      obj.className = 'object';
      obj.textContent = ` — ${f.object.kind}${f.object.name ? ` ${f.object.name}` : ''}`;
      meta.append(obj);
    }
    const pointer = document.createElement('code');
    pointer.className = 'pointer';
    pointer.textContent = f.location.pointer;
    meta.append(' ', pointer);

    const fix = document.createElement('p');
    fix.className = 'fix';
    fix.textContent = `Correction : ${f.remediation}`;
    if (f.derogation) {
      const d = document.createElement('p');
      d.className = 'derogation';
      d.textContent = `Dérogation${f.derogation.expired ? ' expirée' : ''} : ${f.derogation.justification}`;
      li.append(jump, meta, fix, d);
    } else {
      li.append(jump, meta, fix);
    }
    return li;
  });
  findingsEl.querySelector('li.more')?.remove();
  findingsEl.append(...items);
  const rest = report.findings.length - from - slice.length;
  if (rest > 0) {
    const li = document.createElement('li');
    li.className = 'more';
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = `Afficher ${Math.min(rest, PAGE_SIZE)} constats de plus (${rest} restants)`;
    b.addEventListener('click', () => {
      appendFindings(report, from + PAGE_SIZE);
      findingsEl.querySelector(`#finding-${from + PAGE_SIZE}`)?.focus();
    });
    li.append(b);
    findingsEl.append(li);
  }
}

function renderSummary(report) {
  const showAll = allRequirements.checked;
  const rows = report.requirements
    .filter((r) => showAll || r.findings > 0 || r.rules.length > 0)
    .map((r) => {
      const tr = document.createElement('tr');
      tr.className = `st-${r.status}`;
      const req = requirementIndex.get(r.id);
      const th = document.createElement('th');
      th.scope = 'row';
      th.append(requirementChip(r.id));
      const level = document.createElement('td');
      level.textContent = req?.level ?? '—';
      const status = document.createElement('td');
      const pill = document.createElement('span');
      pill.className = `pill ${r.status}`;
      pill.textContent = STATUS_LABELS[r.status] ?? r.status;
      status.append(pill);
      const count = document.createElement('td');
      count.className = 'num';
      count.textContent = String(r.findings);
      const summary = document.createElement('td');
      summary.textContent = req?.summary_fr ?? '';
      tr.append(th, level, status, count, summary);
      return tr;
    });
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 5;
    td.textContent = 'Aucune exigence évaluée pour ce contenu.';
    tr.append(td);
    rows.push(tr);
  }
  summaryBody.replaceChildren(...rows);
}

allRequirements.addEventListener('change', () => { if (lastReport) renderSummary(lastReport); });

// ---------------------------------------------------------------- inputs

/** Bytes of an opened binary file (an image archive…), checked as they are until the editor is edited. */
let binaryInput = null;

async function loadFile(file) {
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = null;
  const bom = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  if (bom) {
    try {
      text = new TextDecoder(bom, { fatal: true }).decode(bytes);
    } catch {
      text = null;
    }
  } else if (!bytes.includes(0)) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = null;
    }
  }
  binaryInput = text === null ? bytes : null;
  editor.value = text ?? `# Fichier binaire « ${file.name} » (${bytes.length} octets) : vérifié tel quel.\n# Saisissez du texte pour revenir à l'éditeur.\n`;
  pathInput.value = file.name;
  updateGutter();
  if (!runButton.disabled) runCheck();
}

$('file').addEventListener('change', (e) => loadFile(e.target.files[0]));
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('dragging'); });
drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('dragging');
  loadFile(e.dataTransfer?.files?.[0]);
});

editor.addEventListener('input', onEdit);
kindSelect.addEventListener('change', () => { if (!runButton.disabled) runCheck(); });
profileSelect.addEventListener('change', () => { if (!runButton.disabled) runCheck(); });
$('download-sarif').addEventListener('click', () => {
  if (!lastReport) return;
  const blob = new Blob([format(lastReport, 'sarif')], { type: 'application/sarif+json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${(pathInput.value.trim() || 'input').replace(/[^\w.-]+/g, '_')}.sarif`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 0);
});
$('form').addEventListener('submit', (e) => { e.preventDefault(); runCheck(); });

const SAMPLE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: registry.example.fr/web:1.2.0
          ports:
            - containerPort: 80
              hostPort: 80
`;

// ---------------------------------------------------------------- start

async function start() {
  const t0 = performance.now();
  window.cctTimings.scriptStartMs = t0;
  try {
    await init();
  } catch (e) {
    statusEl.textContent = `Le moteur de vérification n'a pas pu être chargé : ${e.message}`;
    return;
  }
  window.cctTimings.initMs = performance.now() - t0;
  for (const ref of referentials()) {
    for (const q of ref.requirements) {
      if (!requirementIndex.has(q.id)) requirementIndex.set(q.id, { ...q, referential: ref.id });
    }
  }
  $('referentials').textContent = referentials().map((r) => `${r.title} ${r.version}`).join(' ; ');
  $('version').textContent = version();
  const PROFILE_LABELS = { minimal: 'Minimal', 'cloud-pi-native': 'Cloud π Native', 'domino-x': 'Domino-X' };
  for (const name of profiles()) {
    const opt = document.createElement('option');
    opt.value = name;
    opt.textContent = PROFILE_LABELS[name] ?? name;
    profileSelect.append(opt);
  }
  const example = $('example');
  for (const r of rules()) {
    const opt = document.createElement('option');
    opt.value = r.id;
    opt.textContent = `${r.id} — ${r.title} (exemple fautif)`;
    example.append(opt);
  }
  const ruleById = new Map(rules().map((r) => [r.id, r]));
  example.addEventListener('change', () => {
    const r = ruleById.get(example.value);
    if (!r) return;
    editor.value = r.bad;
    kindSelect.value = r.kind;
    updateGutter();
    runCheck();
  });

  if (!editor.value) editor.value = SAMPLE;
  updateGutter();
  runButton.disabled = false;
  document.documentElement.dataset.ready = 'true';
  runCheck();
}

start();
