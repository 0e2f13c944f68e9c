/**
 * The organisation's scorecard as one self-contained HTML page: no script, no font, no image or
 * style sheet from anywhere (a content security policy of `default-src 'none'` with the hash of the
 * one inline style proves it), light and dark through `prefers-color-scheme`, and every chart backed
 * by a table with a caption and header scopes, so the numbers are readable without colour or sight.
 * Repository names and rule titles are escaped.
 */
import { createHash } from 'node:crypto';
import { escapeHtml as h } from '../report/safe-text';
import type { OrgSummary } from './summary';

const levelName = (l: string) => (l === 'none' ? 'below prototype' : l);
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const signed = (n: number) => (n === 0 ? '±0' : `${n > 0 ? '+' : '−'}${fmt(Math.abs(n))}`);

/** The heat class of a score: five bands, the same in the legend. */
export function heatClass(score: number | null): string {
  if (score === null) return 'na';
  if (score < 25) return 'h0';
  if (score < 50) return 'h1';
  if (score < 70) return 'h2';
  if (score < 85) return 'h3';
  return 'h4';
}

const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa; --accent: #0969da;
  --h0: #ffd7d5; --h0t: #82071e; --h1: #ffe2c2; --h1t: #7a3a00; --h2: #fff1b8; --h2t: #5c4a00; --h3: #d6f5d6; --h3t: #0f5323; --h4: #a6e3b4; --h4t: #0a3d1a; --na: transparent; --nat: #57606a; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #30363d; --panel: #161b22; --accent: #4493f8;
    --h0: #5c1a1f; --h0t: #ffd7d5; --h1: #5a3512; --h1t: #ffe2c2; --h2: #4d4211; --h2t: #fff1b8; --h3: #1d4428; --h3t: #d6f5d6; --h4: #23603a; --h4t: #e6ffec; --nat: #9198a1; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header, main, footer { max-width: 1280px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 28px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 32px 0 8px; }
p.sub, .muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0 0; padding: 0; list-style: none; }
.cards li { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 140px; }
.cards .v { display: block; font-size: 1.5rem; font-weight: 600; }
.cards .k { color: var(--muted); font-size: .85rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0; }
caption { text-align: left; color: var(--muted); padding: 0 0 6px; caption-side: top; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--panel); font-weight: 600; font-size: .85rem; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.heat { font-size: 13px; }
table.heat td.cell { text-align: center; font-variant-numeric: tabular-nums; min-width: 3.4em; }
table.heat th[scope=row], table.heat td.level, table.heat td[data-category=overall] { white-space: nowrap; }
table.heat thead th.cat { vertical-align: bottom; padding: 6px 4px; }
table.heat thead th.cat span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; display: inline-block; }
.h0 { background: var(--h0); color: var(--h0t); } .h1 { background: var(--h1); color: var(--h1t); }
.h2 { background: var(--h2); color: var(--h2t); } .h3 { background: var(--h3); color: var(--h3t); }
.h4 { background: var(--h4); color: var(--h4t); } .na { background: var(--na); color: var(--nat); }
.legend { display: flex; flex-wrap: wrap; gap: 8px; padding: 0; list-style: none; font-size: .85rem; }
.legend li { border: 1px solid var(--line); border-radius: 4px; padding: 2px 8px; }
svg .bar { fill: var(--accent); }
svg .axis { stroke: var(--line); stroke-width: 1; }
svg .line { fill: none; stroke: var(--accent); stroke-width: 2; }
svg .dot { fill: var(--accent); }
svg text { fill: var(--muted); font-size: 11px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em; }
footer { padding-bottom: 32px; margin-top: 32px; color: var(--muted); font-size: .85rem; }
`;

function bar(count: number, max: number): string {
  const w = max > 0 ? Math.round((count / max) * 200) : 0;
  return `<svg width="204" height="14" aria-hidden="true" focusable="false"><rect class="bar" x="0" y="1" width="${w}" height="12" rx="2"/></svg>`;
}

function trendChart(trend: NonNullable<OrgSummary['trend']>): string {
  const W = 720;
  const H = 220;
  const pad = { l: 36, r: 48, t: 12, b: 32 };
  // Days are placed by their date, so that uneven gaps between reports read as such.
  const t = trend.map((p) => Date.parse(`${p.date}T00:00:00Z`));
  const t0 = t[0];
  const span = Math.max(1, t[t.length - 1] - t0);
  const x = (i: number) => pad.l + ((t[i] - t0) * (W - pad.l - pad.r)) / span;
  const y = (v: number) => pad.t + ((100 - v) * (H - pad.t - pad.b)) / 100;
  const pts = trend.map((p, i) => `${x(i).toFixed(1)},${y(p.mean).toFixed(1)}`).join(' ');
  const grid = [0, 25, 50, 75, 100].map((v) => `<line class="axis" x1="${pad.l}" x2="${W - pad.r}" y1="${y(v)}" y2="${y(v)}"/><text x="4" y="${y(v) + 4}">${v}</text>`).join('');
  // Date labels: first and last always, the others where they do not collide with a drawn one.
  let lastX = -Infinity;
  const labels = trend
    .map((p, i) => {
      const cx = x(i);
      const edge = i === 0 || i === trend.length - 1;
      if (!edge && (cx - lastX < 80 || x(trend.length - 1) - cx < 80)) return '';
      lastX = cx;
      return `<text x="${cx.toFixed(1)}" y="${H - 10}" text-anchor="middle">${h(p.date)}</text>`;
    })
    .join('');
  const dots = trend.map((p, i) => `<circle class="dot" cx="${x(i).toFixed(1)}" cy="${y(p.mean).toFixed(1)}" r="3.5"><title>${h(p.date)}: ${fmt(p.mean)}</title></circle>`).join('');
  const summary = `Mean score from ${fmt(trend[0].mean)} on ${trend[0].date} to ${fmt(trend[trend.length - 1].mean)} on ${trend[trend.length - 1].date}`;
  return `<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${h(summary)}">${grid}<polyline class="line" points="${pts}"/>${dots}${labels}</svg>`;
}

/** Renders the organisation's scorecard page. */
export function renderOrgHtml(s: OrgSummary, opts: { title?: string; generatedAt?: string } = {}): string {
  const title = opts.title ?? 'Production readiness across the organisation';
  const out: string[] = [];
  out.push('<header>');
  out.push(`<h1>${h(title)}</h1>`);
  out.push(`<p class="sub">${s.stats.count} repositories${opts.generatedAt ? ` · generated ${h(opts.generatedAt)}` : ''} · scores out of 100</p>`);
  const reached = s.levels.filter((l) => l.level !== 'none').reduce((a, l) => a + l.count, 0);
  out.push('<ul class="cards" aria-label="Summary">');
  out.push(`<li><span class="v" data-stat="mean">${fmt(s.stats.mean)}</span><span class="k">mean score</span></li>`);
  out.push(`<li><span class="v" data-stat="median">${fmt(s.stats.median)}</span><span class="k">median score</span></li>`);
  out.push(`<li><span class="v" data-stat="range">${fmt(s.stats.min)}–${fmt(s.stats.max)}</span><span class="k">lowest – highest</span></li>`);
  out.push(`<li><span class="v" data-stat="reached">${reached} of ${s.stats.count}</span><span class="k">reach at least prototype</span></li>`);
  out.push('</ul>');
  out.push('</header>');
  out.push('<main>');

  // Heat map.
  out.push('<section aria-labelledby="heat"><h2 id="heat">Repositories by category</h2>');
  out.push('<ul class="legend" aria-label="Colour bands">' + [['h0', 'below 25'], ['h1', '25–49'], ['h2', '50–69'], ['h3', '70–84'], ['h4', '85 and above'], ['na', 'n/a: no check applies']].map(([c, t]) => `<li class="${c}">${t}</li>`).join('') + '</ul>');
  out.push('<div class="scroll"><table class="heat" id="heatmap">');
  out.push('<caption>Score of each repository overall and per category (latest report of each), highest overall first.</caption>');
  out.push('<thead><tr><th scope="col">Repository</th><th scope="col" class="num">Score</th><th scope="col">Level</th>' + s.categories.map((c) => `<th scope="col" class="cat" data-category="${h(c.id)}"><span>${h(c.title)}</span></th>`).join('') + '</tr></thead><tbody>');
  for (const r of s.repositories) {
    const change = r.change !== null ? ` <span class="muted">(${signed(r.change)})</span>` : '';
    const cells = s.categories.map((c) => {
      const v = r.categories[c.id] ?? null;
      return `<td class="cell ${heatClass(v)}" data-category="${h(c.id)}">${v === null ? 'n/a' : fmt(v)}</td>`;
    });
    out.push(`<tr data-repo="${h(r.repository)}"><th scope="row">${h(r.repository)}</th><td class="num cell ${heatClass(r.score)}" data-category="overall">${fmt(r.score)}${change}</td><td class="level">${h(levelName(r.level))}</td>${cells.join('')}</tr>`);
  }
  out.push('</tbody><tfoot><tr><th scope="row">Mean</th>' + `<td class="num">${fmt(s.stats.mean)}</td><td></td>` + s.categories.map((c) => `<td class="cell num">${c.mean === null ? 'n/a' : fmt(c.mean)}</td>`).join('') + '</tr></tfoot>');
  out.push('</table></div></section>');

  // Distribution.
  const maxCount = Math.max(0, ...s.distribution.map((b) => b.count));
  out.push('<section aria-labelledby="dist"><h2 id="dist">Score distribution</h2>');
  out.push('<table id="distribution"><caption>Number of repositories in each band of ten points.</caption>');
  out.push('<thead><tr><th scope="col">Score</th><th scope="col" class="num">Repositories</th><th scope="col"><span class="muted">Share</span></th></tr></thead><tbody>');
  for (const b of s.distribution) out.push(`<tr><th scope="row">${b.from}–${b.to === 100 ? 100 : b.to - 1}</th><td class="num">${b.count}</td><td>${bar(b.count, maxCount)}</td></tr>`);
  out.push('</tbody></table></section>');

  // Levels.
  out.push('<section aria-labelledby="levels"><h2 id="levels">Levels reached</h2>');
  out.push('<table id="levels-table"><caption>Maturity level each repository reaches: every check the level requires passes.</caption>');
  out.push('<thead><tr><th scope="col">Level</th><th scope="col" class="num">Repositories</th><th scope="col">Which</th></tr></thead><tbody>');
  for (const l of s.levels) out.push(`<tr><th scope="row">${h(levelName(l.level))}</th><td class="num">${l.count}</td><td>${l.repositories.map(h).join(', ') || '<span class="muted">none</span>'}</td></tr>`);
  out.push('</tbody></table></section>');

  // Failing rules.
  out.push('<section aria-labelledby="rules"><h2 id="rules">Rules failing most often</h2>');
  out.push('<div class="scroll"><table id="failing-rules"><caption>Checks that fail or are partial in the most repositories, with the points fixing each would add: summed over those repositories\' scores, and as the rise of the organisation\'s mean score.</caption>');
  out.push('<thead><tr><th scope="col">Rule</th><th scope="col">Check</th><th scope="col">Severity</th><th scope="col" class="num">Failing in</th><th scope="col" class="num">Points if fixed</th><th scope="col" class="num">Mean score gain</th></tr></thead><tbody>');
  for (const r of s.failingRules) {
    out.push(`<tr data-rule="${h(r.ruleId)}"><th scope="row"><code>${h(r.ruleId)}</code></th><td>${h(r.title)}</td><td>${h(r.severity)}</td><td class="num">${r.failing} of ${r.applicable}</td><td class="num">+${fmt(r.points)}</td><td class="num">+${r.meanGain.toFixed(2)}</td></tr>`);
  }
  out.push('</tbody></table></div></section>');

  // Trend.
  out.push('<section aria-labelledby="trend"><h2 id="trend">Trend</h2>');
  if (s.trend) {
    out.push(trendChart(s.trend));
    out.push('<table id="trend-table"><caption>Mean score by day; each repository counts with its latest report up to that day.</caption><thead><tr><th scope="col">Day</th><th scope="col" class="num">Repositories</th><th scope="col" class="num">Mean score</th></tr></thead><tbody>');
    for (const t of s.trend) out.push(`<tr><th scope="row">${h(t.date)}</th><td class="num">${t.repositories}</td><td class="num">${fmt(t.mean)}</td></tr>`);
    out.push('</tbody></table>');
  } else {
    out.push('<p class="muted">The trend appears when the reports carry dates from at least two days (keep one report per run, for example <code>reports/&lt;repository&gt;/&lt;date&gt;.json</code>).</p>');
  }
  out.push('</section>');

  if (s.problems.length > 0) {
    out.push('<section aria-labelledby="notes"><h2 id="notes">Notes</h2><ul>');
    for (const p of s.problems) out.push(`<li>${h(p)}</li>`);
    out.push('</ul></section>');
  }
  out.push('</main>');
  out.push('<footer>Generated by <code>readiness org</code> from one JSON report per repository (<code>readiness audit --format json</code>).</footer>');

  const style = STYLE.trim();
  const hash = createHash('sha256').update(style).digest('base64');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="generator" content="readiness org">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${hash}'">`,
    `<title>${h(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    ...out,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
