/** The keyboard shortcuts' help sheet (`?`): a modal dialog, focus kept inside it, Esc or Close to leave. */
import { useEffect, useRef } from 'preact/hooks';
import { SHORTCUTS, acceleratorText } from '../../../shared/shortcuts';

const mac = /Mac/.test(navigator.platform);

export function HelpSheet({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    const before = document.activeElement as HTMLElement | null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => before?.focus?.();
  }, []);

  // Tab and Shift+Tab cycle inside the sheet: a modal dialog alone lets focus leave for the browser's own controls.
  const trap = (e: KeyboardEvent) => {
    if (e.key !== 'Tab' || !ref.current) return;
    const focusable = [...ref.current.querySelectorAll<HTMLElement>('button, [href], [tabindex]:not([tabindex="-1"])')];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    const wrapTo = e.shiftKey ? (document.activeElement === first ? last : null) : document.activeElement === last ? first : null;
    if (wrapTo) {
      e.preventDefault();
      wrapTo.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className="help-sheet"
      aria-labelledby="help-title"
      onKeyDown={trap}
      onCancel={(e) => (e.preventDefault(), onClose())}
    >
      <h2 id="help-title">Keyboard shortcuts</h2>
      <p className="muted">A key alone works outside text fields; its {mac ? '⌘' : 'Ctrl'} form works anywhere in the desktop app, which lists them in its menu too.</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Key</th>
            <th scope="col">Or</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.command}>
              <td>
                {s.group === 'Go to' ? 'Go to ' : ''}
                {s.label}
              </td>
              <td>
                <kbd>{s.key === 'R' ? 'Shift+R' : s.key}</kbd>
              </td>
              <td>{s.accelerator && <kbd>{acceleratorText(s.accelerator, mac)}</kbd>}</td>
            </tr>
          ))}
          <tr>
            <td>Close this sheet</td>
            <td>
              <kbd>Esc</kbd>
            </td>
            <td />
          </tr>
        </tbody>
      </table>
      <div className="actions">
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}
