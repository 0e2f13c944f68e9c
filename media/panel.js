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
    const t = m.text;
    const header = h('section', { class: 'summary' }, [
      h('div', { class: 'score', 'data-testid': 'score' }, [String(m.score)]),
      h('div', {}, [
        h('div', { class: 'title' }, [t.title]),
        h('div', { class: 'level' }, [`${t.level} `, h('strong', { 'data-testid': 'level' }, [m.level]), ` · ${t.target} · ${t.next}`]),
        h('div', { class: 'muted' }, [t.findings]),
      ]),
      h('div', { class: 'actions' }, [button(t.reaudit, { type: 'audit' }), button(t.export, { type: 'export' })]),
    ]);
    root.append(header);

    const cats = h('section', {}, [h('h2', {}, [t.categories])]);
    const table = h('div', { class: 'bars', role: 'table' });
    for (const c of m.categories) {
      const score = c.score ?? 0;
      const bar = h('div', { class: 'bar', role: 'cell', title: `${c.title}: ${score} / ${c.target}` }, [h('div', { class: `fill prio-${c.priority}` }), h('div', { class: 'target' })]);
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

    const steps = h('section', {}, [h('h2', {}, [t.nextSteps])]);
    if (m.nextSteps.length === 0) steps.append(h('p', { class: 'muted' }, [t.nothing]));
    const blocking = m.nextSteps.filter((/** @type {any} */ s) => s.blocksLevel);
    const rest = m.nextSteps.filter((/** @type {any} */ s) => !s.blocksLevel);
    if (blocking.length > 0) {
      steps.append(h('h3', { 'data-testid': 'blocking' }, [t.blocking]), stepList(blocking, t));
      if (rest.length > 0) steps.append(h('h3', {}, [t.then]));
    }
    if (rest.length > 0) steps.append(stepList(rest, t));
    root.append(steps);

    const trend = h('section', {}, [h('h2', {}, [t.trend])]);
    trend.append(m.history.length < 2 ? h('p', { class: 'muted' }, [t.trendEmpty]) : chart(m.history));
    root.append(trend);
  }

  /** @param {any[]} list @param {any} t */
  function stepList(list, t) {
    const ol = h('ol', { class: 'steps' });
    for (const st of list) {
      const a = h('a', { href: '#', 'data-index': String(st.index), class: 'step', title: st.ruleId }, [
        h('span', { class: 'points', title: t.points }, [`+${st.points}`]),
        h('span', { class: 'step-title' }, [st.title]),
        h('span', { class: 'muted' }, [` ${st.where}`]),
      ]);
      a.addEventListener('click', (e) => {
        e.preventDefault();
        vscode.postMessage({ type: 'openStep', index: st.index });
      });
      const li = h('li', {}, [a]);
      if (st.fix) {
        const b = h('button', { class: 'fix', title: `${t.fixTitle}: ${st.fix}`, 'data-testid': 'fix' }, [t.fix]);
        b.addEventListener('click', () => vscode.postMessage({ type: 'fixStep', index: st.index }));
        li.append(b);
      }
      ol.append(li);
    }
    return ol;
  }

  /** Score trend with a time axis: points placed by date, the first and last dates labelled. @param {{at:string,score:number}[]} points */
  function chart(points) {
    const W = 600, H = 140, P = 28, B = 22;
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'trend', role: 'img', 'aria-label': 'score trend' });
    for (const y of [0, 50, 100]) {
      const yy = H - B - ((H - B - P / 2) * y) / 100;
      svg.append(s('line', { x1: P, x2: W - P, y1: yy, y2: yy, class: 'grid' }));
      const label = s('text', { x: 2, y: yy + 4, class: 'axis' });
      label.textContent = String(y);
      svg.append(label);
    }
    const times = points.map((p) => Date.parse(p.at));
    const t0 = Math.min(...times);
    const t1 = Math.max(...times);
    const span = Math.max(1, t1 - t0);
    const xOf = (/** @type {number} */ t) => P + ((W - 2 * P) * (t - t0)) / span;
    const yOf = (/** @type {number} */ v) => H - B - ((H - B - P / 2) * v) / 100;
    const xy = points.map((p, i) => [xOf(times[i]), yOf(p.score)]);
    svg.append(s('polyline', { points: xy.map((p) => p.join(',')).join(' '), class: 'line' }));
    xy.forEach(([x, y], i) => {
      const c = s('circle', { cx: x, cy: y, r: 3, class: 'dot' });
      const title = s('title');
      title.textContent = `${new Date(points[i].at).toLocaleString()}: ${points[i].score}`;
      c.append(title);
      svg.append(c);
    });
    const sameDay = new Date(t0).toDateString() === new Date(t1).toDateString();
    const fmt = (/** @type {number} */ t) => (sameDay ? new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : new Date(t).toLocaleDateString());
    const ticks = t1 > t0 ? [t0, t0 + span / 2, t1] : [t0];
    ticks.forEach((tk, i) => {
      const label = s('text', { x: xOf(tk), y: H - 4, class: 'axis', 'text-anchor': i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle', 'data-testid': 'time-axis' });
      label.textContent = fmt(tk);
      svg.append(label);
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
