/** Runs in the electron project only where the Electron binary is missing: one line that says why. */
import { test } from '@playwright/test';

test('desktop app in Electron', () => {
  test.skip(true, 'the Electron binary is not installed here (its download from GitHub is not reachable); the same specs run in Chromium through the harness');
});
