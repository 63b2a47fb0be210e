import { describe, expect, it } from 'vitest';
import { placeRows, RowOffsets, rowsBetween, spacersOf } from './use-window-rows';

// Ten rows of 40 px but the fourth, of 100: offsets.at(i) is where row i starts, offsets.at(10) the whole height.
// The fourth measured, the others counted at the guess of 40 px.
const heights = [40, 40, 40, 100, 40, 40, 40, 40, 40, 40];
const offsets = new RowOffsets(10, 40);
offsets.set(3, 100);
const total = offsets.at(10);

/** Where each row starts, summed the plain way: known heights, else the guess. */
const naive = (known: readonly (number | undefined)[], guess: number) => known.reduce<number[]>((at, h) => [...at, (at.at(-1) as number) + (h ?? guess)], [0]);

describe('where the rows of a long list start', () => {
  it('counts rows not measured at the guess, and follows the guess when it changes', () => {
    const o = new RowOffsets(1000, 39);
    expect(o.at(0)).toBe(0);
    expect(o.at(1000)).toBe(39_000);
    o.set(0, 60);
    o.set(999, 20);
    expect(o.at(1)).toBe(60);
    expect(o.at(999)).toBe(60 + 998 * 39);
    expect(o.at(1000)).toBe(60 + 998 * 39 + 20);
    o.guess = 40;
    expect(o.at(1000)).toBe(60 + 998 * 40 + 20);
  });

  it('takes a row measured again at its new height, counted once', () => {
    const o = new RowOffsets(5, 30);
    o.set(2, 50);
    o.set(2, 70);
    expect(o.height(2)).toBe(70);
    expect(o.at(5)).toBe(4 * 30 + 70);
    expect(o.at(3)).toBe(2 * 30 + 70);
  });

  it('agrees with a plain sum over any rows measured in any order', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const n = 137;
    const o = new RowOffsets(n, 39);
    const known: (number | undefined)[] = Array.from({ length: n }, () => undefined);
    for (let step = 0; step < 300; step += 1) {
      const i = Math.floor(random() * n);
      const h = 20 + Math.floor(random() * 80);
      known[i] = h;
      o.set(i, h);
      if (step % 50 === 0) o.guess = 30 + step / 10;
      const want = naive(known, o.guess);
      for (const at of [0, i, i + 1, Math.floor(random() * (n + 1)), n]) expect(o.at(at)).toBeCloseTo(want[at] as number, 6);
    }
  });
});

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

  it('keeps the rows rendered while they cover the view, a short list whole at its first render included', () => {
    // The list's first render assumes 15 rows; the body's top 240 px down a view of 720.
    const first = { start: 0, end: 15 };
    // One profile: the 15 assumed are, cut to the list, its one row. Kept (the same range, so no second render);
    // a range of that one row again would render the list twice before its first paint.
    const one = new RowOffsets(1, 39);
    expect(placeRows(one, first, 240, 720)).toBe(first);
    // Thirty of 39 px: rows 0-14 end at 585 px, past the view's 480 px of list and the 80 px needed below it. Kept.
    expect(placeRows(new RowOffsets(30, 39), first, 240, 720)).toBe(first);
    // Rows of 20 px: the view needs rows 0-27 (to 560 px), more than the 15 rendered: rows 0-43, to 400 px past the view, are wanted.
    expect(placeRows(new RowOffsets(1000, 20), first, 240, 720)).toEqual({ start: 0, end: 44 });
    // Scrolled 2,000 px down a long list: the first rows are far out; those from 400 px above the view to 400 px below.
    expect(placeRows(new RowOffsets(1000, 39), first, -2000, 720)).toEqual({ start: 41, end: 80 });
    // A list filtered down to 3 rows while rows 500-530 were rendered: its 3 rows.
    expect(placeRows(new RowOffsets(3, 39), { start: 500, end: 530 }, 240, 720)).toEqual({ start: 0, end: 3 });
  });
});
