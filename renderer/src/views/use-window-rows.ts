/**
 * A virtualised list in the page's own scroll: which rows of a long table to render (those in the window's view,
 * plus a margin above and below), and how tall the spacers standing in for the others are. Rows are measured once
 * rendered (they differ: notes, an owner, a long status); rows never rendered count as the average measured one,
 * so the page's scroll height is the list's whole height and the scrollbar tells where one is in it.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

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
  readonly body: RefObject<HTMLTableSectionElement | null>;
  /** The spacers' cells: heights learnt after a render are set on them directly, without rendering again. */
  readonly beforeCell: RefObject<HTMLTableCellElement | null>;
  readonly betweenCell: RefObject<HTMLTableCellElement | null>;
  readonly afterCell: RefObject<HTMLTableCellElement | null>;
}

/** The spacers' heights around [start, end) and the row `pinned` outside it (see WindowRows). */
export function spacersOf(offsets: Float64Array, start: number, end: number, pinned: number | null): { before: number; between: number; after: number } {
  const at = (i: number) => offsets[i] as number;
  const total = at(offsets.length - 1);
  if (pinned === null) return { before: at(start), between: 0, after: total - at(end) };
  if (pinned < start) return { before: at(pinned), between: at(start) - at(pinned + 1), after: total - at(end) };
  return { before: at(start), between: at(pinned) - at(end), after: total - at(pinned + 1) };
}

interface Range {
  readonly start: number;
  readonly end: number;
}

/** Where each row starts, and at [n] the whole height: the heights known (0 for none), else the average known. */
function offsetsOf(known: Float64Array, heights: ReadonlyMap<string, number>): Float64Array {
  let sum = 0;
  for (const h of heights.values()) sum += h;
  const guess = heights.size > 0 ? sum / heights.size : ESTIMATE_PX;
  const offsets = new Float64Array(known.length + 1);
  for (let i = 0; i < known.length; i += 1) offsets[i + 1] = (offsets[i] as number) + ((known[i] as number) || guess);
  return offsets;
}

/** The first index whose offset is above `y` (binary search over the increasing offsets). */
function firstAbove(offsets: Float64Array, y: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((offsets[mid] as number) > y) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The rows of [from, to) (pixels from the list's top): those starting before `to` and ending after `from`. */
export function rowsBetween(offsets: Float64Array, from: number, to: number): Range {
  const n = offsets.length - 1;
  const start = Math.max(0, Math.min(n, firstAbove(offsets, from) - 1));
  const end = Math.max(start, Math.min(n, firstAbove(offsets, to - 0.001)));
  return { start, end };
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
  // Heights by row id, kept across filters and sorts. `sizes` holds them by index in the current rows (0: not
  // measured yet), so that placing rows never looks a thousand ids up, and where each row starts; it is brought up to
  // date when the rows change (here) and when rows are measured (after a render).
  const heights = useRef(new Map<string, number>()).current;
  const sizes = useRef<{ rows: readonly { readonly id: string }[]; known: Float64Array; offsets: Float64Array } | null>(null);
  if (sizes.current?.rows !== rows) {
    const known = new Float64Array(rows.length);
    if (heights.size > 0) rows.forEach((r, i) => (known[i] = heights.get(r.id) ?? 0));
    sizes.current = { rows, known, offsets: offsetsOf(known, heights) };
  }
  const { known, offsets } = sizes.current;
  const [view, setView] = useState<Range>(() => ({ start: 0, end: Math.ceil((window.innerHeight - ABOVE_GUESS_PX + NEED_PX) / ESTIMATE_PX) }));
  const n = rows.length;
  const start = Math.min(view.start, n);
  const end = Math.min(Math.max(view.end, start), n);
  const held = focused.current === null ? -1 : rows.findIndex((r) => r.id === focused.current);
  const pinned = held >= 0 && (held < start || held >= end) ? held : null;

  /** The rows to render: those rendered if they cover what is needed and are not far out, else those wanted. */
  const place = useCallback((now: Range, top = body.current?.getBoundingClientRect().top): Range => {
    const at = sizes.current?.offsets;
    if (top === undefined || !at) return now;
    const around = (px: number) => rowsBetween(at, -top - px, -top + window.innerHeight + px);
    const need = around(NEED_PX);
    const want = around(WANT_PX);
    const keep = now.start <= need.start && now.end >= need.end && now.start >= want.start && now.end <= want.end;
    return keep ? now : want;
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
      if (key !== undefined && Math.abs((known[i] as number) - h) >= 1) {
        heights.set(key, h);
        known[i] = h;
        changed = true;
      }
    }
    if (changed && sizes.current) {
      const at = offsetsOf(known, heights);
      sizes.current.offsets = at;
      const now = spacersOf(at, start, end, pinned);
      if (beforeCell.current) beforeCell.current.style.height = `${now.before}px`;
      if (betweenCell.current) betweenCell.current.style.height = `${now.between}px`;
      if (afterCell.current) afterCell.current.style.height = `${now.after}px`;
    }
    setView((v) => place(v, top));
  });

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
    const onScroll = () => setView((v) => place(v));
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll);
    return () => {
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
    };
  }, [place]);

  return { start, end, pinned, ...spacersOf(offsets, start, end, pinned), body, beforeCell, betweenCell, afterCell };
}
