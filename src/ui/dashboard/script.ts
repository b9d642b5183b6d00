/** /assets/app.js: the pages first (they only define functions), then the core that starts them. */
import { SCRIPT_CORE } from './script-core.js';
import { SCRIPT_PAGES } from './script-pages.js';

export const DASHBOARD_SCRIPT = `${SCRIPT_PAGES}\n${SCRIPT_CORE}`;
