/** Which opener `keyscope ui` tries on each system, and when it tries none (the Linux opener runs in ui.test.ts). */
import { describe, expect, it } from 'vitest';
import { browserOpener } from './ui-open-browser.js';

describe('browserOpener', () => {
  it('uses open on macOS, the URL handler on Windows, xdg-open on Linux with a display', () => {
    expect(browserOpener('darwin', {})).toEqual({ command: 'open', args: [] });
    expect(browserOpener('win32', {})).toEqual({ command: 'rundll32', args: ['url.dll,FileProtocolHandler'] });
    expect(browserOpener('linux', { DISPLAY: ':0' })).toEqual({ command: 'xdg-open', args: [] });
    expect(browserOpener('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toEqual({ command: 'xdg-open', args: [] });
  });

  it('tries none under CI, or on Linux without a display', () => {
    expect(browserOpener('darwin', { CI: 'true' })).toEqual({ reason: 'CI is set' });
    expect(browserOpener('linux', { CI: '1', DISPLAY: ':0' })).toEqual({ reason: 'CI is set' });
    expect(browserOpener('linux', {})).toEqual({ reason: 'no DISPLAY or WAYLAND_DISPLAY' });
    // CI=false is how some shells say "not CI".
    expect(browserOpener('linux', { CI: 'false', DISPLAY: ':0' })).toEqual({ command: 'xdg-open', args: [] });
  });
});
