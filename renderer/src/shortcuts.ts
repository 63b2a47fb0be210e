/**
 * The page's side of the keyboard shortcuts (shared/shortcuts.ts): a key alone outside text fields, or its Ctrl (⌘)
 * form anywhere; the desktop app's menu lists the latter and sends `app:command` when clicked.
 */
import { useEffect } from 'preact/hooks';
import { SHORTCUTS, type AppCommand, type Shortcut } from '../../shared/shortcuts';
import { api } from './api';
import { keyTaken, typingIn } from './typing';

/** Whether a key event is a shortcut's accelerator ("CmdOrCtrl+Shift+R", "F1"). */
function isAccelerator(e: KeyboardEvent, accelerator: string): boolean {
  const parts = accelerator.split('+');
  const key = parts.at(-1) ?? '';
  const mod = parts.includes('CmdOrCtrl');
  if (mod !== (e.ctrlKey || e.metaKey) || parts.includes('Shift') !== e.shiftKey || parts.includes('Alt') !== e.altKey) return false;
  // By the physical key for letters and digits: with Alt or Shift held, e.key is another character ("®", "!").
  if (/^[A-Z]$/i.test(key)) return e.code === `Key${key.toUpperCase()}`;
  if (/^\d$/.test(key)) return e.code === `Digit${key}`;
  return e.key.toLowerCase() === key.toLowerCase();
}

/**
 * Whether a key event is a shortcut's key alone. An upper-case letter is that letter with Shift ("Shift+R"), whatever
 * the case Caps Lock gives it: with Caps Lock on, "r" alone says "R", and it rechecked every key.
 */
function isKey(e: KeyboardEvent, key: string): boolean {
  return /^[A-Z]$/.test(key) ? e.shiftKey && e.key.toUpperCase() === key : e.key === key;
}

/** The shortcut a key event stands for, if any. */
export function shortcutOf(e: KeyboardEvent): Shortcut | undefined {
  const typing = typingIn(e.target);
  return SHORTCUTS.find((s) => (s.accelerator !== null && isAccelerator(e, s.accelerator)) || (!typing && !e.ctrlKey && !e.metaKey && !e.altKey && isKey(e, s.key)));
}

/** Runs `onCommand` for each shortcut pressed (not while a modal dialog is open) and each menu item clicked. */
export function useShortcuts(onCommand: (command: AppCommand) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (keyTaken(e) || e.repeat) return;
      const s = shortcutOf(e);
      if (!s) return;
      e.preventDefault();
      onCommand(s.command);
    };
    window.addEventListener('keydown', onKey);
    const off = api.on('app:command', ({ command }) => onCommand(command));
    return () => {
      window.removeEventListener('keydown', onKey);
      off();
    };
  }, [onCommand]);
}
