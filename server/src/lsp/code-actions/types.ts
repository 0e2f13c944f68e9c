/**
 * The contract of a fix provider: it declares the diagnostic codes (rule ids) it handles and turns one
 * diagnostic, with the `data` the server attached, into code actions. The dispatcher in `index.ts`
 * matches on `diagnostic.code`; no provider looks at diagnostics it did not declare.
 */
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import type { SourceFile } from '../../core/source';
import type { DiagnosticData } from '../../shared/protocol';
import type { Project } from '../project';
import type { EditTarget } from '../fix-edit';

/** What a provider sees for one request. */
export interface FixContext {
  project: Project;
  /** URI and workspace-relative path of the document the light bulb is in. */
  uri: string;
  rel: string;
  /** The document as the engine sees it (the open buffer). */
  file: SourceFile | undefined;
  target: EditTarget;
}

/** A diagnostic from this server, with its data typed. */
export interface ReadinessDiagnostic extends Diagnostic {
  code: string;
  data: DiagnosticData;
}

/** Something that offers code actions for the diagnostics of some rules. */
export interface FixProvider {
  /** A short name, for logs. */
  name: string;
  /** The rule ids handled, or '*' for every diagnostic of this server. */
  codes: readonly string[] | '*';
  provide(ctx: FixContext, diagnostic: ReadinessDiagnostic): CodeAction[];
}
