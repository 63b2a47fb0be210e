/**
 * Which keys are not the page's: a field's own, and any while a modal dialog is open or once a handler has taken the
 * key. The page's shortcuts (shortcuts.ts) and the list's End (use-window-rows.ts) leave them be.
 */

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** Whether keys pressed in `target` are the field's own (text fields, lists, editable text), not the page's. */
export function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (TYPING.has(target.tagName) || target.isContentEditable);
}

/** Whether a key is already spoken for: a handler took it, or a modal dialog is open and keys are its own. */
export function keyTaken(e: KeyboardEvent): boolean {
  return e.defaultPrevented || document.querySelector('dialog[open]') !== null;
}
