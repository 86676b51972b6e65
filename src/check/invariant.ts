/**
 * The invariant is two relations compared tuple by tuple at EOT: every `pre` tuple needs an
 * equal `post` tuple. So they must have the same columns, or no `pre` tuple could ever have its
 * `post`; and a search needs both, or there is nothing to check.
 */
import type { Atom, Program } from '../syntax/ast.js';
import { error, type Diagnostic } from '../syntax/diagnostic.js';
import { plural } from './program.js';

/** The first fact or rule head that defines `relation`, or null. */
function definition(program: Program, relation: string): Atom | null {
  for (const c of program.clauses) {
    const atom = c.kind === 'fact' ? c.atom : c.kind === 'rule' ? c.head : null;
    if (atom?.relation === relation) return atom;
  }
  return null;
}

export function checkInvariantArity(program: Program): Diagnostic[] {
  const pre = definition(program, 'pre');
  const post = definition(program, 'post');
  if (!pre || !post || pre.args.length === post.args.length) return [];
  const at = `${pre.span.file}:${pre.span.line}:${pre.span.col}`;
  return [
    error(
      post.span,
      `\`post\` has ${plural(post.args.length, 'column')} but \`pre\` has ${pre.args.length} (at ${at}); every pre tuple needs an equal post tuple, so they must have the same columns`,
      [{ span: pre.span, message: `\`pre\` is defined here with ${plural(pre.args.length, 'column')}` }],
    ),
  ];
}

/**
 * What a search lacks to have an invariant, as words for a one-line error: null when the program
 * defines both `pre` and `post`.
 */
export function missingInvariant(program: Program): string | null {
  const pre = definition(program, 'pre') !== null;
  const post = definition(program, 'post') !== null;
  if (pre && post) return null;
  if (pre) return 'defines `pre` but no `post`';
  if (post) return 'defines `post` but no `pre`';
  return 'defines neither `pre` nor `post`';
}
