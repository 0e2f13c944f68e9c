/**
 * The one reader of JSON with comments (tsconfig, devcontainer, VS Code settings, `.jsonc`, Biome...):
 * Microsoft's `jsonc-parser`, the parser behind VS Code's own JSON support, with comments and trailing
 * commas allowed. It gives the value, every syntax error with its offset, and the syntax tree with the
 * exact offsets of keys and values, for rules that point at a member or fixes that edit one value in
 * place. `SourceFile.jsonc` caches it per file version.
 */
import { parse, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

/** A node of the JSONC syntax tree (object, array, property, string, number, boolean or null), with its offset and length. */
export type JsoncNode = Node;

/** One syntax error: what the parser expected or found, and where. */
export interface JsoncError {
  message: string;
  offset: number;
  length: number;
}

/** A JSONC text read once: its value (undefined when it has errors), its errors, and its syntax tree on demand. */
export interface JsoncView {
  /** The value, or undefined when the text has a syntax error (a partial value is never used). */
  readonly value: unknown;
  readonly errors: JsoncError[];
  /** The syntax tree (built on first use), or undefined when the text holds no value. */
  readonly tree: JsoncNode | undefined;
}

const OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false } as const;

/** The parser's error code as words: `PropertyNameExpected` → "property name expected". */
function words(e: ParseError): string {
  return printParseErrorCode(e.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Parses JSON with comments and trailing commas; never throws. */
export function parseJsonc(text: string): JsoncView {
  const raw: ParseError[] = [];
  const value: unknown = parse(text, raw, OPTIONS);
  const errors = raw.map((e) => ({ message: words(e), offset: e.offset, length: e.length }));
  let tree: JsoncNode | undefined;
  let built = false;
  return {
    value: errors.length > 0 ? undefined : value,
    errors,
    get tree() {
      if (!built) {
        tree = parseTree(text, [], OPTIONS);
        built = true;
      }
      return tree;
    },
  };
}

/** Where a member of an object is: the key's opening quote, the value's start and end, and the value's node. */
export interface JsoncMember {
  keyStart: number;
  valueStart: number;
  valueEnd: number;
  value: JsoncNode;
}

/** The direct member of an object node with the given key (the last one when a key repeats, as the value has it). */
export function jsoncMember(object: JsoncNode | undefined, key: string): JsoncMember | undefined {
  if (object?.type !== 'object') return undefined;
  let found: JsoncMember | undefined;
  for (const prop of object.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (k?.value === key && v) found = { keyStart: k.offset, valueStart: v.offset, valueEnd: v.offset + v.length, value: v };
  }
  return found;
}
