/**
 * Settings of the `readiness` section, pulled from the client per workspace folder (they are
 * `resource`-scoped), cached per URI and cleared when the configuration changes. Missing or malformed
 * values fall back to the defaults, so a typo in settings.json never stops the analysis.
 */
import type { Connection } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, type ReadinessSettings } from '../shared/protocol';
import { SEVERITY_LEVEL, type Finding, type Severity } from '../core/types';
import type { Manifest } from '../manifest/schema';
import { CATEGORY_IDS } from '../manifest/schema';

/** Pulls and caches settings per folder URI. */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<ReadinessSettings>>();

  constructor(
    private readonly connection: Connection,
    /** False when the client cannot answer `workspace/configuration`; the defaults then apply. */
    private readonly canPull: boolean,
  ) {}

  /** The settings in force for a resource. */
  get(scopeUri: string): Promise<ReadinessSettings> {
    let s = this.cache.get(scopeUri);
    if (!s) {
      s = this.canPull
        ? this.connection.workspace.getConfiguration({ scopeUri, section: 'readiness' }).then(normalise, () => ({ ...DEFAULT_SETTINGS }))
        : Promise.resolve({ ...DEFAULT_SETTINGS });
      this.cache.set(scopeUri, s);
    }
    return s;
  }

  /** Forgets every cached value (on `workspace/didChangeConfiguration`). */
  clear(): void {
    this.cache.clear();
  }
}

/** Turns whatever the client sent into well-formed settings. */
export function normalise(raw: unknown): ReadinessSettings {
  const r = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const categories: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(record(r.categories))) if (typeof v === 'boolean') categories[k] = v;
  const severityOverrides: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(r.severityOverrides))) if (typeof v === 'string') severityOverrides[k] = v.toLowerCase();
  const num = (v: unknown, d: number, min: number) => (typeof v === 'number' && Number.isFinite(v) && v >= min ? v : d);
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : DEFAULT_SETTINGS.enable,
    categories,
    severityOverrides,
    maxFileSize: num(r.maxFileSize, DEFAULT_SETTINGS.maxFileSize, 1024),
    debounceMs: num(r.debounceMs, DEFAULT_SETTINGS.debounceMs, 0),
  };
}

/** The manifest with the categories that settings turn off disabled (settings never turn one on). */
export function withSettings(manifest: Manifest, settings: ReadinessSettings): Manifest {
  const off = CATEGORY_IDS.filter((c) => settings.categories[c] === false);
  if (off.length === 0) return manifest;
  const categories = { ...manifest.categories };
  for (const c of off) categories[c] = { ...(categories[c] ?? {}), enabled: false };
  return { ...manifest, categories };
}

/** The editor form of the shared severity levels (`SEVERITY_LEVEL`): the CLI's errors are the editor's errors. */
const LEVEL_TO_DIAGNOSTIC: Record<(typeof SEVERITY_LEVEL)[Severity], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
};
const NAMED: Record<string, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * The editor severity of a finding: an override for its rule id, then for its area (`docker/*`), then
 * for its category, else the default mapping of the rule's severity. Returns null for `off`.
 */
export function diagnosticSeverity(f: Finding, overrides: Record<string, string>): DiagnosticSeverity | null {
  const area = f.ruleId.includes('/') ? `${f.ruleId.slice(0, f.ruleId.indexOf('/'))}/*` : undefined;
  const o = overrides[f.ruleId] ?? (area ? overrides[area] : undefined) ?? overrides[f.category];
  if (o === 'off') return null;
  if (o && NAMED[o] !== undefined) return NAMED[o];
  return LEVEL_TO_DIAGNOSTIC[SEVERITY_LEVEL[f.severity]] ?? DiagnosticSeverity.Warning;
}
