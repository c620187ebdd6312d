/**
 * Shared look: a dark theme first (incident rooms run at night), high contrast text, visible
 * focus rings, system fonts only (the app works offline, nothing is fetched from outside).
 * Components adopt `base` in their static styles.
 */
import { css } from 'lit';

export const base = css`
  :host {
    --bg: #0d1117; --panel: #161b22; --panel-2: #1c2230; --border: #30363d;
    --text: #e6edf3; --muted: #9da7b3; --accent: #5eb1ff; --accent-text: #0d1117;
    --ok: #3fb950; --warn: #d29922; --bad: #f85149; --info: #58a6ff; --pending: #e3b341;
    --radius: 6px; --gap: 12px;
    --mono: ui-monospace, SFMono-Regular, 'DejaVu Sans Mono', Menlo, Consolas, monospace;
    color: var(--text);
    font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif;
  }
  * { box-sizing: border-box; }
  h1, h2, h3 { margin: 0 0 8px; font-weight: 600; }
  h1 { font-size: 20px; } h2 { font-size: 16px; } h3 { font-size: 14px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
  a { color: var(--accent); }
  button, select, input, textarea {
    font: inherit; color: var(--text); background: var(--panel-2); border: 1px solid var(--border);
    border-radius: var(--radius); padding: 6px 10px;
  }
  textarea { width: 100%; resize: vertical; }
  button { cursor: pointer; }
  button.primary { background: var(--accent); color: var(--accent-text); border-color: var(--accent); font-weight: 600; }
  button.danger { border-color: var(--bad); color: #ffb4ae; }
  button:disabled { opacity: .5; cursor: not-allowed; }
  button:hover:not(:disabled) { filter: brightness(1.15); }
  :focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
  label { display: block; color: var(--muted); font-size: 12px; margin-bottom: 2px; }
  .panel { background: var(--panel); border: 1px solid var(--border); border-radius: var(--radius); padding: var(--gap); }
  .muted { color: var(--muted); }
  .mono { font-family: var(--mono); font-size: 12.5px; }
  .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  .badge { display: inline-block; padding: 1px 7px; border-radius: 999px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; }
  .badge.firing, .badge.bad { color: var(--bad); } .badge.pending, .badge.warn { color: var(--pending); }
  .badge.resolved, .badge.ok { color: var(--ok); } .badge.info { color: var(--info); }
  .error { color: #ffb4ae; background: #3d1618; border: 1px solid var(--bad); border-radius: var(--radius); padding: 6px 10px; }
  /* fast-forward: two play triangles (U+25B6, in every common font; the U+23E9 symbol is not) */
  .ff-icon { letter-spacing: -.2em; margin-right: .6em; font-size: .8em; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--border); vertical-align: top; }
  th { color: var(--muted); font-weight: 500; font-size: 12px; }
`;
