/**
 * The roadmap's item model: what one piece of work in a roadmap is and how its status is written. Kept
 * apart from the parser so that the modules the parser uses (detection, mapping, claims) can name these
 * types without importing the parser back.
 */
import type { ItemStatus, Priority } from './marks';

/** A zero-based character span on one line of the original text. */
export interface Span {
  start: number;
  end: number;
}

/** How an item's status is written. `heading` items carry no mark: they are open task headings. */
export type MarkKind = 'checkbox' | 'emoji' | 'word' | 'strike' | 'heading' | 'field' | 'table';

/** One piece of work in a roadmap and the status the document gives it. */
export interface RoadmapItem {
  /** Zero-based line. */
  line: number;
  /** The item's words: marks, list syntax and emphasis removed, mojibake repaired. */
  text: string;
  /** Titles of the enclosing headings, outermost first. */
  headings: string[];
  status: ItemStatus;
  mark: MarkKind;
  /** Where the status mark is (for `heading` items: where a mark would be added), on line `markLine`. */
  markSpan: Span;
  /** The line the mark is on: the item's own line, or a "Status:" field line under a task heading. */
  markLine: number;
  /** The mark as written in the file (possibly mis-decoded). */
  markText: string;
  priority?: Priority;
  /** `state` items describe what exists ("✅ SQLite works"); `task` items describe work to do. */
  kind: 'task' | 'state';
  /** True when the item is phrased as an absence ("❌ No authentication"), so ticking it would read wrongly. */
  negative: boolean;
  /** Rule ids the line names explicitly (`docker/healthcheck` in backticks or `<!-- readiness: id -->`). */
  refs: string[];
  /** True when the line says `<!-- readiness: manual -->`: tracked by hand, on purpose. */
  manual: boolean;
  /** Text of the unmarked lines nested under the item, used to map it when its own words do not. */
  detail: string;
}
