/** Which keys are a field's own: the page's shortcuts (shortcuts.ts) and the list's End (use-window-rows.ts) leave them be. */

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** Whether keys pressed in `target` are the field's own (text fields, lists, editable text), not the page's. */
export function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (TYPING.has(target.tagName) || target.isContentEditable);
}
