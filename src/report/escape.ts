/**
 * Escaping for the report page. Every string that comes from a spec (relation names, constants,
 * node names, file paths) reaches the page through one of these, never by plain concatenation:
 * a constant such as `"</script><script>alert(1)</script>"` must show as text.
 */

/** Text or attribute content: the five characters HTML gives meaning to. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** HTML already escaped (or written by us); `html` passes it through untouched. */
export interface SafeHtml {
  readonly __html: string;
}

export function raw(s: string): SafeHtml {
  return { __html: s };
}

type Interpolated = SafeHtml | string | number | null | undefined | readonly Interpolated[];

function render(v: Interpolated): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return escapeHtml(v);
  if (typeof v === 'number') return escapeHtml(String(v));
  if (Array.isArray(v)) return v.map(render).join('');
  return (v as SafeHtml).__html;
}

/** A template tag that escapes every interpolated value unless it is `SafeHtml`. */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return raw(out);
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` become `\u003c` etc., so
 * no `</script>` or `<!--` can end or confuse the block; JSON.parse reads them back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Script text we inline (d3, our page script): it must not contain `</script` or `<!--`, which
 * would end or re-mode the element. Both only ever occur inside string literals there, where
 * `<\/` and `<\!` read the same.
 */
export function scriptForInline(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
