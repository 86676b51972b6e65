/**
 * The soundness obligation of the lineage abstraction, checked on generated programs: for every
 * run the search learns from and sampled fault sets above it, `holds` never claims a tuple the
 * simulation lacks, `mayHold` never denies one it has, a violating set always makes the goal
 * true, and the verdict equals exhaustive search's. `npm run fuzz` runs the same on thousands.
 */
import { describe, expect, it } from 'vitest';
import { generateProgram } from './generator.js';
import { checkSoundness, compileText } from './soundness.js';

const SEEDS = 48;

describe('the lineage abstraction is sound on generated programs', () => {
  const families = new Set<string>();
  const reports: { learnedRuns: number; samples: number; exhaustive: string | null }[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const p = generateProgram(seed);
    families.add(p.shape[0]!);
    it(`seed ${seed}: ${p.shape.join('; ')} at ${p.bounds.eot}/${p.bounds.eff}/${p.bounds.crashes}`, () => {
      const report = checkSoundness(compileText(p.text), p.bounds, { exhaustiveLimit: 5000, seed, samplesPerRun: 4 });
      reports.push(report);
      expect(report.problems).toEqual([]);
    });
  }
  it('tests something: every family drawn, most programs learn from runs and are compared with exhaustive', () => {
    expect([...families].filter((f) => ['quorum', 'extremum', 'detector'].includes(f)).sort()).toEqual(['detector', 'extremum', 'quorum']);
    expect(reports).toHaveLength(SEEDS);
    expect(reports.filter((r) => r.learnedRuns > 0 && r.samples > 0).length).toBeGreaterThan(SEEDS * 0.75);
    expect(reports.filter((r) => r.exhaustive !== null).length).toBeGreaterThan(SEEDS * 0.75);
  });
});

describe('the same with the solver proposing every hypothesis (the smallest sets too)', () => {
  for (let seed = 101; seed <= 112; seed++) {
    const p = generateProgram(seed);
    it(`seed ${seed}: ${p.shape.join('; ')} at ${p.bounds.eot}/${p.bounds.eff}/${p.bounds.crashes}`, () => {
      const report = checkSoundness(compileText(p.text), p.bounds, { exhaustiveLimit: 5000, seed, samplesPerRun: 2, noDirect: true });
      expect(report.problems).toEqual([]);
    });
  }
});
