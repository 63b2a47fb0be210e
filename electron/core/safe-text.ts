/** Text from outside keyscope made safe to show: one implementation, in shared/ as the app's page shows it too. */
export { escapeControls, safeJson } from '../../shared/safe-text.js';
