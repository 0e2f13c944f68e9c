/**
 * A reader for GNU Makefiles, enough to answer "what does `make X` run": rules (explicit, pattern and
 * double-colon), their prerequisites and recipe lines with positions, variables (recursive, simple,
 * conditional and appended assignments, command-line overrides), `include` of other makefiles and the
 * default goal. Conditional blocks are not evaluated: an assignment inside `ifeq`/`ifdef` only fills a
 * variable that has no value yet, so the unconditional value wins. Functions other than a few text
 * ones are left as written. It never runs anything.
 */
import type { Workspace } from '../../core/workspace';

/** One recipe line of a rule: its raw text (continuation lines included) and one-based line. */
export interface RecipeLine {
  file: string;
  line: number;
  text: string;
}

/** One rule of a makefile. */
export interface MakeRule {
  targets: string[];
  prereqs: string[];
  recipe: RecipeLine[];
  file: string;
  line: number;
}

/** A parsed makefile with everything it includes. */
export interface Makefile {
  path: string;
  /** Explicit rules by target name (several rules may name the same target). */
  explicit: Map<string, MakeRule[]>;
  /** Pattern rules (`%` in a target), in order. */
  patterns: MakeRule[];
  vars: Map<string, string>;
  defaultGoal?: string;
}

/** The resolved rules of one goal: what it depends on and what its recipe runs, with the stem of a pattern rule. */
export interface MakeGoal {
  name: string;
  file: string;
  line: number;
  prereqs: string[];
  recipe: RecipeLine[];
  stem?: string;
}

const MAX_INCLUDE_DEPTH = 6;
const MAX_EXPAND_DEPTH = 12;
const MAX_EXPANSIONS = 2000;
const MAX_EXPANDED = 20_000;
const ASSIGN = /^(?:(?:override|export|private)\s+)*([^\s:#=+?!$()]+|\$[({][^)}]+[)}])\s*(:::=|::=|:=|\?=|\+=|!=|=)\s*(.*)$/;
const DIRECTIVE = /^(ifeq|ifneq|ifdef|ifndef|else|endif)\b/;

/** Parses a makefile (and what it includes, relative to `dir`, make's working folder). Never throws. */
export function parseMakefile(ws: Workspace, path: string, dir: string, overrides: Map<string, string> = new Map()): Makefile | undefined {
  if (!ws.exists(path) || !ws.read(path)) return undefined;
  const mf: Makefile = { path, explicit: new Map(), patterns: [], vars: new Map() };
  const unconditional = new Set<string>();
  for (const [k, v] of overrides) {
    mf.vars.set(k, v);
    unconditional.add(k);
  }
  readInto(ws, mf, path, dir, overrides, unconditional, new Set(), 0);
  const dg = mf.vars.get('.DEFAULT_GOAL');
  if (dg && dg.trim()) mf.defaultGoal = expandMake(dg, mf.vars).trim().split(/\s+/)[0];
  return mf;
}

function readInto(ws: Workspace, mf: Makefile, path: string, dir: string, overrides: Map<string, string>, unconditional: Set<string>, seen: Set<string>, depth: number): void {
  if (seen.has(path) || depth > MAX_INCLUDE_DEPTH) return;
  seen.add(path);
  const f = ws.read(path);
  if (!f) return;
  const lines = f.lines;
  let cond = 0;
  let current: MakeRule[] | undefined;
  let inDefine = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const lineNo = i + 1;
    if (inDefine > 0) {
      const t = raw.trim();
      if (/^endef\b/.test(t)) inDefine--;
      else if (/^define\b/.test(t) || /^(?:override\s+|export\s+)*define\b/.test(t)) inDefine++;
      continue;
    }
    if (raw.startsWith('\t') && current) {
      const t = raw.trim();
      if (DIRECTIVE.test(t)) {
        cond += /^if/.test(t) ? 1 : /^endif/.test(t) ? -1 : 0;
        continue;
      }
      // A recipe line keeps its continuation lines (the shell sees them), minus one leading tab each.
      let j = i;
      const parts = [raw.slice(1)];
      while (/(^|[^\\])(\\\\)*\\$/.test(lines[j]) && j + 1 < lines.length) {
        j++;
        parts.push(lines[j].replace(/^\t/, ''));
      }
      if (t !== '') for (const r of current) r.recipe.push({ file: path, line: lineNo, text: parts.join('\n') });
      i = j;
      continue;
    }
    // Other lines: join continuations with a space and drop comments.
    let text = raw;
    let j = i;
    while (/(^|[^\\])(\\\\)*\\$/.test(text) && j + 1 < lines.length) {
      j++;
      text = text.slice(0, -1) + ' ' + lines[j].trim();
    }
    i = j;
    text = stripComment(text).trim();
    if (text === '') continue;
    if (/^(?:(?:override|export)\s+)*define\b/.test(text)) {
      inDefine = 1;
      current = undefined;
      continue;
    }
    if (DIRECTIVE.test(text)) {
      cond += /^if/.test(text) ? 1 : /^endif/.test(text) ? -1 : 0;
      if (cond < 0) cond = 0;
      continue;
    }
    const inc = /^(-?include|sinclude)\s+(.+)$/.exec(text);
    if (inc) {
      current = undefined;
      for (const name of expandMake(inc[2], mf.vars).split(/\s+/).filter(Boolean)) {
        const p = joinPath(dir, name);
        if (p !== undefined && ws.exists(p)) readInto(ws, mf, p, dir, overrides, unconditional, seen, depth + 1);
      }
      continue;
    }
    const a = ASSIGN.exec(text);
    if (a) {
      current = undefined;
      const name = expandMake(a[1], mf.vars).trim();
      if (!name || overrides.has(name)) continue;
      const op = a[2];
      const value = a[3];
      const has = mf.vars.has(name) && (mf.vars.get(name) ?? '').trim() !== '';
      // Inside a conditional, an assignment only fills a variable the unconditional text left empty.
      if (cond > 0 && unconditional.has(name) && has) continue;
      if (op === '?=') {
        if (!mf.vars.has(name)) mf.vars.set(name, value);
      } else if (op === '+=') mf.vars.set(name, `${mf.vars.get(name) ?? ''} ${value}`.trim());
      else if (op === '!=') mf.vars.set(name, `$(shell ${value})`);
      else if (op === '=') mf.vars.set(name, value);
      else mf.vars.set(name, expandMake(value, mf.vars));
      if (cond === 0) unconditional.add(name);
      continue;
    }
    if (/^(export|unexport|vpath|override|undefine|\$\()/.test(text) && !/^\$\([^)]*\)[^:=]*::?(?!=)/.test(text)) {
      current = undefined;
      continue;
    }
    const r = splitRule(text);
    if (!r) {
      current = undefined;
      continue;
    }
    const targets = expandMake(r.targets, mf.vars).split(/\s+/).filter(Boolean);
    let rest = r.rest;
    // A target-specific variable (`target: VAR = value`) is not a rule.
    if (/^(?:(?:override|export|private)\s+)*[^\s:#=]+\s*(?::::?=|::?=|\?=|\+=|!=|=)/.test(rest)) {
      current = undefined;
      continue;
    }
    let inline: string | undefined;
    const semi = rest.indexOf(';');
    if (semi >= 0) {
      inline = rest.slice(semi + 1).trim();
      rest = rest.slice(0, semi);
    }
    // A static pattern rule (`targets: %.o: %.c`) keeps its prerequisite patterns.
    const stat = /^([^:]*%[^:]*):(?!=)\s*(.*)$/.exec(rest);
    if (stat) rest = stat[2];
    const prereqs = expandMake(rest.replace('|', ' '), mf.vars).split(/\s+/).filter(Boolean);
    const rule: MakeRule = { targets, prereqs, recipe: [], file: path, line: lineNo };
    if (inline) rule.recipe.push({ file: path, line: lineNo, text: inline });
    const special = targets.every((t) => t.startsWith('.') && !t.startsWith('./') && !t.startsWith('..'));
    current = [rule];
    if (special) continue;
    if (!mf.defaultGoal && !mf.vars.has('.DEFAULT_GOAL')) {
      const first = targets.find((t) => !t.includes('%') && !(t.startsWith('.') && !t.startsWith('./')));
      if (first && targets[0] === first) mf.defaultGoal = first;
    }
    if (targets.some((t) => t.includes('%')) && !stat) mf.patterns.push(rule);
    else {
      for (const t of targets) {
        const list = mf.explicit.get(t) ?? [];
        if (stat) list.push({ ...rule, prereqs: rule.prereqs.map((p) => p.replace('%', stemOf(stat[1], t) ?? t)) });
        else list.push(rule);
        mf.explicit.set(t, list);
      }
    }
  }
}

/** Splits `targets: rest` (or `targets:: rest`) at the first colon that is not part of `:=`; undefined when it is not a rule. */
function splitRule(text: string): { targets: string; rest: string } | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '=' || c === '#') return undefined;
    if (c !== ':') continue;
    if (text[i + 1] === '=' || (text[i + 1] === ':' && text[i + 2] === '=')) return undefined;
    const targets = text.slice(0, i).trim();
    if (!targets) return undefined;
    return { targets, rest: text.slice(text[i + 1] === ':' ? i + 2 : i + 1).trim() };
  }
  return undefined;
}

function stemOf(pattern: string, target: string): string | undefined {
  const i = pattern.indexOf('%');
  if (i < 0) return undefined;
  const pre = pattern.slice(0, i);
  const post = pattern.slice(i + 1);
  if (target.length < pre.length + post.length || !target.startsWith(pre) || !target.endsWith(post)) return undefined;
  return target.slice(pre.length, target.length - post.length);
}

/** Resolves a goal to its rules (explicit first, then a pattern rule whose prerequisites can be made). */
export function lookupGoal(ws: Workspace, mf: Makefile, goal: string, dir: string): MakeGoal | undefined {
  const rules = mf.explicit.get(goal);
  if (rules && rules.length > 0) {
    const out: MakeGoal = { name: goal, file: rules[0].file, line: rules[0].line, prereqs: [], recipe: [] };
    for (const r of rules) {
      out.prereqs.push(...r.prereqs);
      out.recipe.push(...r.recipe);
    }
    if (out.recipe.length > 0) return out;
    // A rule without a recipe takes one from a pattern rule, as make does.
    const p = patternFor(ws, mf, goal, dir, true);
    if (p) {
      out.prereqs.push(...p.prereqs);
      out.recipe.push(...p.recipe);
      out.stem = p.stem;
    }
    return out;
  }
  return patternFor(ws, mf, goal, dir, false);
}

function patternFor(ws: Workspace, mf: Makefile, goal: string, dir: string, needRecipe: boolean): MakeGoal | undefined {
  for (const r of mf.patterns) {
    for (const t of r.targets) {
      const stem = stemOf(t, goal);
      if (stem === undefined || stem === '') continue;
      if (needRecipe && r.recipe.length === 0) continue;
      const prereqs = r.prereqs.map((p) => p.split('%').join(stem));
      // The rule applies only when every prerequisite is a target or an existing file.
      const ok = prereqs.every((p) => mf.explicit.has(p) || (joinPath(dir, p) !== undefined && ws.exists(joinPath(dir, p)!)));
      if (!ok || (prereqs.length === 0 && r.recipe.length === 0)) continue;
      return { name: goal, file: r.file, line: r.line, prereqs, recipe: r.recipe, stem };
    }
  }
  return undefined;
}

/** True when a name can be made by the makefile (an explicit target or a pattern rule). */
export function isTarget(ws: Workspace, mf: Makefile, name: string, dir: string): boolean {
  return mf.explicit.has(name) || patternFor(ws, mf, name, dir, false) !== undefined;
}

/**
 * Expands make variables and automatic variables in a text: `$(VAR)`, `${VAR}`, `$@`, `$<`, `$^`,
 * `$*`, `$$`, `$(MAKE)`, and the text functions `strip`, `addprefix`, `addsuffix`, `subst`. Unknown
 * variables and other functions are left as written; newlines in values become spaces.
 */
export function expandMake(text: string, vars: Map<string, string>, auto: Record<string, string> = {}, depth = 0, budget = { left: MAX_EXPANSIONS }): string {
  if (!text.includes('$')) return text;
  // Self-referencing or explosive variables stop expanding when the budget is spent (left as written).
  if (budget.left <= 0 || text.length > MAX_EXPANDED) return text;
  budget.left--;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') {
      const j = text.indexOf('$', i);
      const end = j < 0 ? text.length : j;
      out += text.slice(i, end);
      i = end;
      continue;
    }
    const n = text[i + 1];
    if (n === undefined) {
      out += '$';
      i++;
    } else if (n === '$') {
      out += '$';
      i += 2;
    } else if (n === '(' || n === '{') {
      const close = matchingClose(text, i + 1);
      if (close < 0) {
        out += text.slice(i);
        break;
      }
      const inner = text.slice(i + 2, close);
      out += oneLine(expandRef(inner, text.slice(i, close + 1), vars, auto, depth, budget));
      i = close + 1;
    } else {
      const v = auto[n] ?? (/\w/.test(n) ? vars.get(n) : undefined);
      out += v !== undefined ? oneLine(depth < MAX_EXPAND_DEPTH ? expandMake(v, vars, auto, depth + 1, budget) : v) : `$${n}`;
      i += 2;
    }
  }
  return out;
}

/** Values substituted into a text never add lines, so positions computed from newlines stay true. */
function oneLine(s: string): string {
  return s.includes('\n') ? s.replace(/\r?\n/g, ' ') : s;
}

function expandRef(inner: string, whole: string, vars: Map<string, string>, auto: Record<string, string>, depth: number, budget: { left: number }): string {
  if (depth >= MAX_EXPAND_DEPTH) return whole;
  const fn = /^([a-z-]+)\s+([\s\S]*)$/.exec(inner);
  if (fn) {
    const args = splitArgs(fn[2]).map((a) => expandMake(a, vars, auto, depth + 1, budget));
    switch (fn[1]) {
      case 'strip':
        return args.join(',').trim().replace(/\s+/g, ' ');
      case 'addprefix':
        return (args[1] ?? '').split(/\s+/).filter(Boolean).map((w) => (args[0] ?? '') + w).join(' ');
      case 'addsuffix':
        return (args[1] ?? '').split(/\s+/).filter(Boolean).map((w) => w + (args[0] ?? '')).join(' ');
      case 'subst':
        return (args[2] ?? '').split(args[0] ?? '').join(args[1] ?? '');
      default:
        return whole;
    }
  }
  const name = expandMake(inner, vars, auto, depth + 1, budget).trim();
  if (name === 'MAKE') return 'make';
  if (name in auto) return auto[name];
  const v = vars.get(name);
  return v === undefined ? whole : expandMake(v, vars, auto, depth + 1, budget);
}

function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(' || ch === '{') depth++;
    else if (ch === ')' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function matchingClose(text: string, open: number): number {
  const o = text[open];
  const cl = o === '(' ? ')' : '}';
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    if (text[k] === o) depth++;
    else if (text[k] === cl && --depth === 0) return k;
  }
  return -1;
}

function stripComment(s: string): string {
  for (let k = 0; k < s.length; k++) if (s[k] === '#' && (k === 0 || s[k - 1] !== '\\')) return s.slice(0, k);
  return s;
}

/** Joins a folder and a relative path into a workspace path; undefined when it leaves the workspace or is absolute. */
export function joinPath(dir: string, rel: string): string | undefined {
  if (rel.startsWith('/') || rel.startsWith('~') || /^[A-Za-z]:[\\/]/.test(rel)) return undefined;
  const parts = dir ? dir.split('/') : [];
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}
