/**
 * A virtualised list in the page's own scroll: which rows of a long table to render (those in the window's view,
 * plus a margin above and below), and how tall the spacers standing in for the others are. Rows are measured once
 * rendered (they differ: notes, an owner, a long status); rows never rendered count as the average measured one,
 * so the page's scroll height is the list's whole height and the scrollbar tells where one is in it.
 */
import type { RefObject } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { keyTaken, typingIn } from '../typing';

// Rows within NEED_PX of the view must be in the page: Tab and Shift+Tab then always land on a rendered row, whose
// scrolling into view brings the next ones. When the rows must change, those within WANT_PX are rendered, so that
// scrolling a few rows on needs no render.
const NEED_PX = 80;
const WANT_PX = 400;
// A row of one line at the default font is 39 px; rows with an owner or notes are taller.
const ESTIMATE_PX = 39;
// Before the first layout the body's place is unknown: the header, summary and filters above it take 240 px at the
// default font (more where the window is narrow and they wrap), so the first render assumes a little less. Each row
// drawn costs ~1.3 ms of the first frame in headless Chromium; the first render draws the rows needed and no more
// (16-18 rows at 1280x720 when it assumed 160 px and 36 px rows, 15 now). A guess short of them costs a second render
// before the first paint, at the default font only when the rows or what is above them are smaller than measured.
const ABOVE_GUESS_PX = 232;

/**
 * The rendered slice [start, end), the row holding focus when it is outside the slice (null when none), and the
 * heights of the spacers in pixels: before the first rendered row, between the focused row and the slice, after the
 * last rendered row.
 */
export interface WindowRows {
  readonly start: number;
  readonly end: number;
  readonly pinned: number | null;
  readonly before: number;
  readonly between: number;
  readonly after: number;
  /** The table body; its rows carry aria-rowindex (2 for the first, the header row being 1). */
  readonly body: RefObject<HTMLTableSectionElement>;
  /** The spacers' cells: heights learnt after a render are set on them directly, without rendering again. */
  readonly beforeCell: RefObject<HTMLTableCellElement>;
  readonly betweenCell: RefObject<HTMLTableCellElement>;
  readonly afterCell: RefObject<HTMLTableCellElement>;
}

/**
 * Where the rows start, their heights learnt one by one: a row not measured counts as `guess` (the average of those
 * measured). Measured heights and how many there are sit in two Fenwick trees (binary indexed trees), so that a row
 * measured costs O(log n) and so does where a row starts: row i starts at i × guess, plus, for each row measured
 * above it, its height less the guess. Nothing here loops over every row: a list of 1,000 shows without a pass
 * over them (in Chromium a first pass over 1,000 rows, run cold, took ~2.5 ms of the first frame).
 */
export class RowOffsets {
  private readonly known: Float64Array;
  private readonly measured: Uint8Array;
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;

  constructor(
    readonly count: number,
    public guess: number,
  ) {
    this.known = new Float64Array(count);
    this.measured = new Uint8Array(count);
    this.sums = new Float64Array(count + 1);
    this.counts = new Float64Array(count + 1);
  }

  /** Row i's measured height; 0 when it was not measured. */
  height(i: number): number {
    return this.known[i] as number;
  }

  /** Row i measured `h` pixels tall. */
  set(i: number, h: number): void {
    const was = this.known[i] as number;
    const first = this.measured[i] === 1 ? 0 : 1;
    this.known[i] = h;
    this.measured[i] = 1;
    for (let k = i + 1; k <= this.count; k += k & -k) {
      this.sums[k] = (this.sums[k] as number) + h - was;
      this.counts[k] = (this.counts[k] as number) + first;
    }
  }

  /** Where row i starts; at(count) is the list's whole height. */
  at(i: number): number {
    let sum = 0;
    let measured = 0;
    for (let k = i; k > 0; k -= k & -k) {
      sum += this.sums[k] as number;
      measured += this.counts[k] as number;
    }
    return sum + (i - measured) * this.guess;
  }
}

/** The spacers' heights around [start, end) and the row `pinned` outside it (see WindowRows). */
export function spacersOf(offsets: RowOffsets, start: number, end: number, pinned: number | null): { before: number; between: number; after: number } {
  const at = (i: number) => offsets.at(i);
  const total = at(offsets.count);
  if (pinned === null) return { before: at(start), between: 0, after: total - at(end) };
  if (pinned < start) return { before: at(pinned), between: at(start) - at(pinned + 1), after: total - at(end) };
  return { before: at(start), between: at(pinned) - at(end), after: total - at(pinned + 1) };
}

export interface Range {
  readonly start: number;
  readonly end: number;
}

/** The first index whose offset is above `y` (binary search over the increasing offsets). */
function firstAbove(offsets: RowOffsets, y: number): number {
  let lo = 0;
  let hi = offsets.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets.at(mid) > y) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The rows of [from, to) (pixels from the list's top): those starting before `to` and ending after `from`. */
export function rowsBetween(offsets: RowOffsets, from: number, to: number): Range {
  const n = offsets.count;
  const start = Math.max(0, Math.min(n, firstAbove(offsets, from) - 1));
  const end = Math.max(start, Math.min(n, firstAbove(offsets, to - 0.001)));
  return { start, end };
}

/**
 * The rows to render with the body's top `top` px from the view's and a view `height` px tall: `now` when the rows it
 * holds cover those needed and are not far out, else those wanted. `now` is taken as it renders, cut to the list: the
 * first render of a list shorter than its guess (one profile, where 15 rows were assumed) renders every row, and
 * answering a range of the same rows would cost a second render of the list before its first paint (2-3 ms).
 */
export function placeRows(offsets: RowOffsets, now: Range, top: number, height: number): Range {
  const end = Math.min(now.end, offsets.count);
  const start = Math.min(now.start, end);
  const around = (px: number) => rowsBetween(offsets, -top - px, -top + height + px);
  const need = around(NEED_PX);
  const want = around(WANT_PX);
  const keep = start <= need.start && end >= need.end && start >= want.start && end <= want.end;
  return keep ? now : want;
}

/** Which of `rows` (each with an id, stable across renders) to render now; see WindowRows. */
export function useWindowRows(rows: readonly { readonly id: string }[]): WindowRows {
  const body = useRef<HTMLTableSectionElement>(null);
  const beforeCell = useRef<HTMLTableCellElement>(null);
  const betweenCell = useRef<HTMLTableCellElement>(null);
  const afterCell = useRef<HTMLTableCellElement>(null);
  // The key of the row holding focus: that row stays in the page while the view is far from it. Dropped, it would
  // take the focus with it (to the page's body), and Tab would start again from the top.
  const focused = useRef<string | null>(null);
  // Whether the view is at the list's end: set by End and by a scroll that reaches the bottom, cleared by any other
  // key, the wheel, a touch or a click, and by a scroll that ends elsewhere. While set, the view stays at the end as
  // the rows drawn there are measured and the page grows or shrinks (the layout effect below).
  const atEnd = useRef(false);
  // Heights by row id, kept across filters and sorts, and their sum (the guess for rows not measured is their
  // average). `sizes` holds them by index in the current rows, so that placing rows never looks a thousand ids up; it
  // is made when the rows change (here) and brought up to date when rows are measured (after a render).
  const heights = useRef(new Map<string, number>()).current;
  const heightSum = useRef(0);
  const guess = () => (heights.size > 0 ? heightSum.current / heights.size : ESTIMATE_PX);
  const sizes = useRef<{ rows: readonly { readonly id: string }[]; offsets: RowOffsets } | null>(null);
  if (sizes.current?.rows !== rows) {
    const offsets = new RowOffsets(rows.length, guess());
    if (heights.size > 0)
      rows.forEach((r, i) => {
        const h = heights.get(r.id);
        if (h !== undefined) offsets.set(i, h);
      });
    sizes.current = { rows, offsets };
  }
  const { offsets } = sizes.current;
  const [view, setView] = useState<Range>(() => ({ start: 0, end: Math.ceil((window.innerHeight - ABOVE_GUESS_PX + NEED_PX) / ESTIMATE_PX) }));
  const n = rows.length;
  const start = Math.min(view.start, n);
  const end = Math.min(Math.max(view.end, start), n);
  const held = focused.current === null ? -1 : rows.findIndex((r) => r.id === focused.current);
  const pinned = held >= 0 && (held < start || held >= end) ? held : null;

  /** The rows to render: those rendered if they cover what is needed and are not far out, else those wanted. */
  const place = useCallback((now: Range, top = body.current?.getBoundingClientRect().top): Range => {
    const at = sizes.current?.offsets;
    return top === undefined || !at ? now : placeRows(at, now, top, window.innerHeight);
  }, []);

  // After each render, before the paint: learn the heights of the rows now rendered and where the body is (one
  // layout), then place the rows. New heights alone change only the spacers: set on their cells here (the body's top
  // stays), they cost no second render.
  useLayoutEffect(() => {
    const top = body.current?.getBoundingClientRect().top;
    const rendered = body.current?.querySelectorAll<HTMLTableRowElement>(':scope > tr[aria-rowindex]') ?? [];
    let changed = false;
    for (const row of rendered) {
      const i = Number(row.getAttribute('aria-rowindex')) - 2;
      const key = rows[i]?.id;
      const h = row.getBoundingClientRect().height;
      if (key !== undefined && Math.abs(offsets.height(i) - h) >= 1) {
        heightSum.current += h - (heights.get(key) ?? 0);
        heights.set(key, h);
        offsets.set(i, h);
        changed = true;
      }
    }
    if (changed) {
      offsets.guess = guess();
      const now = spacersOf(offsets, start, end, pinned);
      if (beforeCell.current) beforeCell.current.style.height = `${now.before}px`;
      if (betweenCell.current) betweenCell.current.style.height = `${now.between}px`;
      if (afterCell.current) afterCell.current.style.height = `${now.after}px`;
    }
    // A view at the list's end (End pressed, or scrolled to the bottom) stays there as the rows drawn are measured.
    if (changed && atEnd.current) {
      toEnd();
      setView((v) => place(v));
    } else setView((v) => place(v, top));
  });

  // End goes to the last row. The browser's own End scrolls towards the page's end as it was when the key was
  // pressed; the rows it passes and the last ones are measured on the way, rows taller than the guess make the page
  // grow, and the scroll stopped hundreds of rows short. Here the view goes to the end at once and stays there while
  // the rows drawn at the end are measured (the layout effect above). Home needs nothing: the top is where it was.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      atEnd.current = false;
      if (e.key !== 'End' || e.shiftKey || e.altKey || keyTaken(e) || typingIn(e.target)) return;
      e.preventDefault();
      atEnd.current = true;
      toEnd();
    };
    const leave = () => (atEnd.current = false);
    window.addEventListener('keydown', onKey);
    window.addEventListener('wheel', leave, { passive: true });
    window.addEventListener('pointerdown', leave);
    window.addEventListener('touchstart', leave, { passive: true });
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('wheel', leave);
      window.removeEventListener('pointerdown', leave);
      window.removeEventListener('touchstart', leave);
    };
  }, []);

  useEffect(() => {
    const tbody = body.current;
    if (!tbody) return undefined;
    const onIn = (e: FocusEvent) => {
      const row = e.target instanceof Element ? e.target.closest('tr[aria-rowindex]') : null;
      focused.current = (row && sizes.current?.rows[Number(row.getAttribute('aria-rowindex')) - 2]?.id) ?? null;
    };
    // Focus gone elsewhere in the page lets the row go; gone nowhere (the window left, the page clicked) keeps it.
    const onOut = (e: FocusEvent) => {
      if (e.relatedTarget instanceof Node && !tbody.contains(e.relatedTarget)) focused.current = null;
    };
    tbody.addEventListener('focusin', onIn);
    tbody.addEventListener('focusout', onOut);
    return () => {
      tbody.removeEventListener('focusin', onIn);
      tbody.removeEventListener('focusout', onOut);
    };
  }, []);

  useEffect(() => {
    // Scroll events come once a frame, before it is drawn: placing here leaves no blank frame.
    // A scroll that reaches the bottom of a page taller than the view sets atEnd; one that ends elsewhere clears it. A
    // resize leaves it be: a page that fits its view is at no end, and one at its end stays there.
    const onScroll = () => {
      const page = document.documentElement;
      atEnd.current = page.scrollHeight > page.clientHeight && window.scrollY + page.clientHeight >= page.scrollHeight - 1;
      setView((v) => place(v));
    };
    const onResize = () => setView((v) => place(v));
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onResize);
    };
  }, [place]);

  return { start, end, pinned, ...spacersOf(offsets, start, end, pinned), body, beforeCell, betweenCell, afterCell };
}

/** Scrolls the page to its end, at once. */
function toEnd(): void {
  window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' });
}
