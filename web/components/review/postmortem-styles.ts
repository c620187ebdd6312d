/**
 * The postmortem editor's styles (web/pages/dh-postmortem.ts): the section list beside the
 * form, the sticky bar with the save state and Submit, banners, sections and their problems.
 */
import { css } from 'lit';
import { base } from '../../styles/theme.js';

export const postmortemStyles = [base, css`
  :host { display: block; }
  .notice { max-width: 640px; margin: 48px auto; padding: 24px; }
  .loading { padding: 40px; color: var(--muted); }
  .layout { display: grid; grid-template-columns: 220px minmax(0, 1fr); gap: 20px; max-width: 1180px; margin: 0 auto; padding: 16px 20px 80px; }
  .toc { position: sticky; top: 64px; align-self: start; max-height: calc(100vh - 80px); overflow: auto; }
  .toc ol { list-style: none; margin: 0; padding: 0; }
  .toc a { display: flex; gap: 8px; align-items: center; padding: 4px 8px; border-radius: var(--radius); color: var(--text); text-decoration: none; font-size: 13px; }
  .toc a:hover { background: var(--panel-2); }
  .toc .mark { width: 16px; text-align: center; font-weight: 700; }
  .toc a.written .mark { color: var(--ok); }
  .toc a.empty { color: var(--muted); }
  .toc a.problem { color: #ffb4ae; }
  .progress { margin: 0 0 8px 8px; color: var(--muted); font-size: 12.5px; }
  .main { display: grid; gap: 12px; min-width: 0; }
  .bar { position: sticky; top: 48px; z-index: 5; display: flex; flex-wrap: wrap; align-items: center; gap: 12px; padding: 10px 0; background: var(--bg); border-bottom: 1px solid var(--border); }
  .bar .titles { flex: 1; min-width: 0; display: flex; align-items: baseline; gap: 10px; }
  .bar h1 { margin: 0; }
  .bar .titles .muted { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .why { flex-basis: 100%; margin: 0; font-size: 12.5px; text-align: right; }
  .banner { margin: 0; padding: 8px 12px; border-radius: var(--radius); border: 1px solid var(--border); background: var(--panel); }
  .banner.ok { border-color: #2ea04366; background: #12261a; }
  .banner.warn { border-color: var(--warn); background: #2b2210; }
  .banner.info { border-color: #1f6feb66; background: #0f1d33; }
  .banner button { margin-left: 8px; }
  .blameless { margin: 0; font-size: 12.5px; }
  .small { font-size: 12.5px; margin: 6px 0 0; }
  .sec { scroll-margin-top: 110px; }
  .sec:focus { outline: none; }
  .sec.has-problem { border-color: var(--bad); }
  .sec-head { display: flex; align-items: baseline; gap: 8px; }
  .sec-head h2 { margin: 0; }
  .muted-badge { color: var(--muted); font-weight: 500; }
  .hint { margin: 2px 0 8px; color: var(--muted); font-size: 12.5px; }
  .problems { margin: 0 0 8px; padding: 6px 10px 6px 28px; color: #ffb4ae; background: #3d1618; border: 1px solid var(--bad); border-radius: var(--radius); font-size: 13px; }
  textarea { display: block; min-height: 48px; line-height: 1.45; }
  textarea[readonly], input[readonly] { background: transparent; border-style: dashed; }
  input::placeholder, textarea::placeholder { color: #6e7681; font-style: italic; }
  .submit-area { display: grid; gap: 8px; }
  .submit-area .error { margin: 0; }
  .confirm { border-color: var(--warn); }
  .confirm p { margin: 0 0 8px; }
  code { font-family: var(--mono); font-size: 12.5px; }
`];
