/** Mounts the app in place of the "Loading…" that index.html paints while the script loads. */
import { render } from 'preact';
import { App } from './app';

const root = document.getElementById('root') as HTMLElement;
root.textContent = '';
render(<App />, root);
