/**
 * The Dedalus AST. Tagged unions with readonly fields; every node has a span.
 * A `Program` is every clause of every loaded file, in load order (includes expanded in place).
 */
import type { Span } from './span.js';

export type Value = string | number;

export type ArithOp = '+' | '-' | '*' | '/';
export type CompareOp = '==' | '!=' | '<' | '>' | '<=' | '>=';
export type AggregateFn = 'count' | 'min' | 'max' | 'sum';

export type Term =
  | { readonly kind: 'var'; readonly name: string; readonly span: Span }
  | { readonly kind: 'wildcard'; readonly span: Span }
  | { readonly kind: 'const'; readonly value: Value; readonly span: Span }
  | { readonly kind: 'arith'; readonly op: ArithOp; readonly left: Term; readonly right: Term; readonly span: Span }
  /** Only legal as a head argument: `count<X>`. The other head columns are the grouping key. */
  | { readonly kind: 'aggregate'; readonly fn: AggregateFn; readonly arg: Term; readonly span: Span };

export interface Atom {
  readonly relation: string;
  readonly relationSpan: Span;
  readonly args: readonly Term[];
  readonly span: Span;
}

/** `@next` / `@async` on a rule head, `@N` on a fact or a body atom. */
export type TimeAnnotation =
  | { readonly kind: 'next'; readonly span: Span }
  | { readonly kind: 'async'; readonly span: Span }
  | { readonly kind: 'at'; readonly time: number; readonly span: Span };

export type BodyItem =
  | {
      readonly kind: 'atom';
      readonly atom: Atom;
      readonly negated: boolean;
      /** `p(X)@1` in a body: the atom is read as it was at that time (true at every later step). */
      readonly time: TimeAnnotation | null;
      readonly span: Span;
    }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Term; readonly right: Term; readonly span: Span };

export type HeadTime = 'now' | 'next' | 'async';

export type Clause =
  /** `p("a", 1)@3;` holds at time 3 only. Without `@N` it holds at every time. */
  | { readonly kind: 'fact'; readonly atom: Atom; readonly time: TimeAnnotation | null; readonly span: Span }
  | {
      readonly kind: 'rule';
      readonly head: Atom;
      /** The annotation as written (null for a deductive rule); `headTime` is what it means. */
      readonly annotation: TimeAnnotation | null;
      readonly headTime: HeadTime;
      readonly body: readonly BodyItem[];
      readonly span: Span;
    }
  | { readonly kind: 'include'; readonly path: string; readonly span: Span };

export type Rule = Extract<Clause, { kind: 'rule' }>;
export type Fact = Extract<Clause, { kind: 'fact' }>;

export interface SourceFile {
  /** The path as given (command line) or as resolved from the including file. */
  readonly path: string;
  readonly text: string;
}

export interface Program {
  /** Facts and rules of all files; `include` clauses are kept where they stood, for tools that show them. */
  readonly clauses: readonly Clause[];
  readonly files: readonly SourceFile[];
}
