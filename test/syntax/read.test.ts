/** Where a file stops being text: `notText` against the platform's strict UTF-8 decoder. */
import { describe, expect, it } from 'vitest';
import { decodeText, notText } from '../../src/syntax/read.js';
import { prng } from '../../src/faults/space.js';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Random bytes, mostly valid UTF-8 (ASCII, newlines, 2- to 4-byte characters), with a few stray or truncated bytes. */
function bytesOf(seed: number): Uint8Array {
  const rnd = prng(seed);
  const out: number[] = [];
  const pieces = 1 + Math.floor(rnd() * 12);
  for (let k = 0; k < pieces; k++) {
    const r = rnd();
    if (r < 0.4) out.push(0x61 + Math.floor(rnd() * 26));
    else if (r < 0.5) out.push(0x0a);
    else if (r < 0.8) out.push(...new TextEncoder().encode(['é', '€', '😀', '→', 'ß'][Math.floor(rnd() * 5)]!));
    else out.push(Math.floor(rnd() * 256));
  }
  return Uint8Array.from(out);
}

describe('notText', () => {
  it('finds the first byte the strict decoder stops at, on 20,000 random byte strings', () => {
    let refused = 0;
    for (let seed = 1; seed <= 20_000; seed++) {
      const bytes = bytesOf(seed);
      if (decodeText(bytes) !== null) continue;
      refused++;
      const at = notText(bytes);
      // The longest prefix that decodes without a NUL ends where the first bad byte starts.
      let prefixEnd = 0;
      for (let cut = 0; cut <= bytes.length; cut++) {
        try {
          const t = strict.decode(bytes.subarray(0, cut));
          if (!t.includes('\0')) prefixEnd = cut;
        } catch {
          // not a whole prefix of characters
        }
      }
      const prefix = strict.decode(bytes.subarray(0, prefixEnd));
      const split = prefix.split('\n');
      expect([at.line, at.col], `seed ${seed}`).toEqual([split.length, split[split.length - 1]!.length + 1]);
      const bad = bytes[prefixEnd]!;
      expect(at.detail, `seed ${seed}`).toBe(bad === 0 ? 'a NUL byte (a binary file?)' : `byte 0x${bad.toString(16).padStart(2, '0')} is not valid UTF-8 (save the file as UTF-8)`);
    }
    expect(refused).toBeGreaterThan(1000);
  });

  it('locates a Latin-1 é, a NUL and a byte at the very start', () => {
    expect(notText(Uint8Array.from([0x6f, 0x6b, 0x0a, 0x63, 0x61, 0x66, 0xe9]))).toEqual({ line: 2, col: 4, detail: 'byte 0xe9 is not valid UTF-8 (save the file as UTF-8)' });
    expect(notText(Uint8Array.from([0x61, 0x00]))).toEqual({ line: 1, col: 2, detail: 'a NUL byte (a binary file?)' });
    expect(notText(Uint8Array.from([0x89, 0x0a, 0x61, 0x0a]))).toMatchObject({ line: 1, col: 1 });
  });
});
