/**
 * Copy buttons with one quiet status line (role=status) saying what was copied, or that the clipboard is not
 * available. A value may be fetched on click (the whole key id, say), so it is on the page only once asked for.
 */
import { useState } from 'preact/hooks';
import { run } from '../api';

/**
 * Copies text and reports what happened in words. Where the clipboard refuses, `byHand` is called first: a value the
 * page does not show whole (the masked key id) is then shown, so that there is something to select.
 */
export function useCopy(): { copy: (what: string, text: () => Promise<string | null>, byHand?: () => void) => void; status: string } {
  const [status, setStatus] = useState('');
  const copy = (what: string, text: () => Promise<string | null>, byHand?: () => void) =>
    run(async () => {
      const value = await text();
      if (value === null) return;
      try {
        await navigator.clipboard.writeText(value);
        setStatus(`Copied the ${what}.`);
      } catch {
        byHand?.();
        setStatus(`The clipboard is not available here: select the ${what} and copy it by hand.`);
      }
    });
  return { copy, status };
}

export function CopyButton({ what, text, onCopy }: { what: string; text: string | (() => Promise<string | null>); onCopy: (what: string, text: () => Promise<string | null>) => void }) {
  return (
    <button type="button" className="copy" onClick={() => onCopy(what, typeof text === 'string' ? async () => text : text)} aria-label={`Copy the ${what}`}>
      Copy
    </button>
  );
}

/** The quiet line under a group of copy buttons: text only, no badge; always present so screen readers hear changes. */
export function CopyStatus({ status }: { status: string }) {
  return (
    <p role="status" className="quiet-status">
      {status}
    </p>
  );
}
