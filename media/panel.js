// Renders the score panel from the model the extension posts ({ type: 'update', model }) and sends
// back what the user clicks ({ type: 'openStep' | 'audit' | 'export' }). Builds DOM nodes only (no
// innerHTML with data), so report text can never inject markup.
// @ts-check
(function () {
  // @ts-ignore acquireVsCodeApi is provided by the webview host.
  const vscode = acquireVsCodeApi();
  const root = /** @type {HTMLElement} */ (document.getElementById('root'));
  const SVG = 'http://www.w3.org/2000/svg';

  /** @param {string} tag @param {Record<string,string>} [attrs] @param {(Node|string)[]} [children] */
  function h(tag, attrs = {}, children = []) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    for (const c of children) el.append(c);
    return el;
  }
  /** @param {string} tag @param {Record<string,string|number>} [attrs] */
  function s(tag, attrs = {}) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    return el;
  }

  /** @param {any} m */
  function render(m) {
    root.replaceChildren();
    if (!m) {
      root.append(h('p', { class: 'muted' }, ['No report yet. ']), button('Audit Workspace', { type: 'audit' }));
      return;
    }
    const header = h('section', { class: 'summary' }, [
      h('div', { class: 'score', 'data-testid': 'score' }, [String(m.score)]),
      h('div', {}, [
        h('div', { class: 'title' }, [`Production readiness of ${m.folderName}`]),
        h('div', { class: 'level' }, [
          'Level ',
          h('strong', { 'data-testid': 'level' }, [m.level]),
          ` · target ${m.targetLevel}`,
          m.nextLevel ? ` · ${m.blockers} blocker${m.blockers === 1 ? '' : 's'} before ${m.nextLevel}` : ' · all levels reached',
        ]),
        h('div', { class: 'muted' }, [`${m.findings} open finding${m.findings === 1 ? '' : 's'} · audited in ${m.durationMs} ms`]),
      ]),
      h('div', { class: 'actions' }, [button('Re-audit', { type: 'audit' }), button('Export…', { type: 'export' })]),
    ]);
    root.append(header);

    const cats = h('section', {}, [h('h2', {}, ['Categories: current vs target'])]);
    const table = h('div', { class: 'bars', role: 'table' });
    for (const c of m.categories) {
      const score = c.score ?? 0;
      const bar = h('div', { class: 'bar', role: 'cell', title: `${c.title}: ${score} of target ${c.target}` }, [
        h('div', { class: `fill prio-${c.priority}` }),
        h('div', { class: 'target' }),
      ]);
      /** @type {HTMLElement} */ (bar.children[0]).style.width = `${Math.max(0, Math.min(100, score))}%`;
      /** @type {HTMLElement} */ (bar.children[1]).style.left = `${Math.max(0, Math.min(100, c.target))}%`;
      table.append(
        h('div', { class: 'row', role: 'row', 'data-category': c.id }, [
          h('div', { class: 'name', role: 'cell' }, [c.title]),
          bar,
          h('div', { class: 'num', role: 'cell' }, [`${c.score} / ${c.target}`]),
          h('div', { class: `gap ${c.gap > 0 ? 'open' : 'done'}`, role: 'cell' }, [c.gap > 0 ? `−${c.gap}` : '✓']),
        ]),
      );
    }
    cats.append(table);
    root.append(cats);

    const steps = h('section', {}, [h('h2', {}, ['Next steps'])]);
    if (m.nextSteps.length === 0) steps.append(h('p', { class: 'muted' }, ['Nothing left to do for the checks that apply.']));
    const list = h('ol', { class: 'steps' });
    m.nextSteps.forEach((st, i) => {
      const a = h('a', { href: '#', 'data-index': String(i), class: 'step' }, [
        h('span', { class: 'points' }, [`+${st.points}`]),
        h('span', { class: 'step-title' }, [st.title]),
        h('span', { class: 'muted' }, [` ${st.ruleId} · ${st.where}`]),
        ...(st.blocksLevel ? [h('span', { class: 'badge' }, [`blocks ${st.blocksLevel}`])] : []),
        ...(st.fix ? [h('span', { class: 'badge fix' }, ['quick fix'])] : []),
      ]);
      a.addEventListener('click', (e) => {
        e.preventDefault();
        vscode.postMessage({ type: 'openStep', index: i });
      });
      list.append(h('li', {}, [a]));
    });
    steps.append(list);
    root.append(steps);

    const trend = h('section', {}, [h('h2', {}, ['Trend of past audits'])]);
    trend.append(m.history.length < 2 ? h('p', { class: 'muted' }, ['The trend appears after the next audit.']) : chart(m.history));
    root.append(trend);
  }

  /** @param {{at:string,score:number}[]} points */
  function chart(points) {
    const W = 600, H = 120, P = 24;
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'trend', role: 'img', 'aria-label': 'score trend' });
    for (const y of [0, 50, 100]) {
      const yy = H - P - ((H - 2 * P) * y) / 100;
      svg.append(s('line', { x1: P, x2: W - P, y1: yy, y2: yy, class: 'grid' }));
      const t = s('text', { x: 2, y: yy + 4, class: 'axis' });
      t.textContent = String(y);
      svg.append(t);
    }
    const n = points.length;
    const xy = points.map((p, i) => [P + ((W - 2 * P) * i) / Math.max(1, n - 1), H - P - ((H - 2 * P) * p.score) / 100]);
    svg.append(s('polyline', { points: xy.map((p) => p.join(',')).join(' '), class: 'line' }));
    xy.forEach(([x, y], i) => {
      const c = s('circle', { cx: x, cy: y, r: 3, class: 'dot' });
      const title = s('title');
      title.textContent = `${new Date(points[i].at).toLocaleString()}: ${points[i].score}`;
      c.append(title);
      svg.append(c);
    });
    return svg;
  }

  /** @param {string} label @param {any} msg */
  function button(label, msg) {
    const b = h('button', {}, [label]);
    b.addEventListener('click', () => vscode.postMessage(msg));
    return b;
  }

  window.addEventListener('message', (e) => {
    const msg = e.data;
    if (msg && msg.type === 'update') {
      vscode.setState(msg.model);
      render(msg.model);
    }
  });
  const saved = vscode.getState();
  if (saved) render(saved);
  vscode.postMessage({ type: 'ready' });
})();
