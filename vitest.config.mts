import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'e2e/fixtures/**/*.test.ts', 'scripts/**/*.test.ts', 'renderer/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    // moto servers are processes of their own; two cores, so keep file parallelism modest.
    maxWorkers: 2,
    // The test keyring's daemon revived before each test, and the failure of a test it died under said as such.
    setupFiles: ['e2e/fixtures/keyring-retry.ts'],
    // Only such a test runs again, once (the words are keyring.ts's DAEMON_DIED; keyring.test.ts fails if they part):
    // gnome-keyring's own abort is not keyscope's failure. Any other failure stands.
    retry: { count: 1, condition: /the test keyring's gnome-keyring-daemon died under this test/ },
    // scripts/summary.mjs names the tests run again that way, but those with this tag.
    tags: [{ name: 'kills-its-daemon', description: "kills the test keyring's daemon on purpose: its second run is no sign of gnome-keyring's aborts" }],
  },
});
