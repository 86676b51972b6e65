import { describe, expect, it } from 'vitest';
import { escapeXml } from '../../src/suite/junit.js';

describe('escapeXml', () => {
  it('escapes markup and quotes', () => {
    expect(escapeXml(`a<b>&"c"'d'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;');
  });

  it('drops characters XML 1.0 cannot hold, keeps tabs, newlines and non-ASCII', () => {
    expect(escapeXml('x\u0000y\u001bz\t\n\r é 😀 \uFFFE')).toBe('xyz\t\n\r é 😀 ');
  });
});
