/**
 * The web app's entry: the shell element, which owns routing and loads every page.
 */
import './pages/dh-app.js';
