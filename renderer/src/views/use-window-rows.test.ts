import { describe, expect, it } from 'vitest';
import { rowsBetween, spacersOf } from './use-window-rows';

// Ten rows of 40 px but the fourth, of 100: offsets[i] is where row i starts, offsets[10] the whole height.
const heights = [40, 40, 40, 100, 40, 40, 40, 40, 40, 40];
const offsets = Float64Array.from(heights.reduce((at, h) => [...at, (at.at(-1) as number) + h], [0]));
const total = offsets[10] as number;

describe('the rows of a long list to render', () => {
  it('are those starting before the end of the view and ending after its start', () => {
    expect(rowsBetween(offsets, 0, 80)).toEqual({ start: 0, end: 2 });
    expect(rowsBetween(offsets, 130, 230)).toEqual({ start: 3, end: 5 }); // row 4 starts at 220
    expect(rowsBetween(offsets, 500, 900)).toEqual({ start: 9, end: 10 });
  });

  it('stand beside spacers as tall as the rows not rendered, the focused row kept in its place', () => {
    const sum = (s: { before: number; between: number; after: number }, rendered: number[]) => s.before + s.between + s.after + rendered.reduce((a, i) => a + (heights[i] as number), 0);
    const plain = spacersOf(offsets, 4, 7, null);
    expect(plain).toEqual({ before: 220, between: 0, after: 120 });
    expect(sum(plain, [4, 5, 6])).toBe(total);
    // The focused row 3 above the slice: rows 0-2 before it, nothing between it and row 4.
    const above = spacersOf(offsets, 4, 7, 3);
    expect(above).toEqual({ before: 120, between: 0, after: 120 });
    expect(sum(above, [3, 4, 5, 6])).toBe(total);
    // The focused row 1 above, row 8 below.
    expect(sum(spacersOf(offsets, 4, 7, 1), [1, 4, 5, 6])).toBe(total);
    const below = spacersOf(offsets, 0, 2, 8);
    expect(below).toEqual({ before: 0, between: 300, after: 40 });
    expect(sum(below, [0, 1, 8])).toBe(total);
  });
});
