/**
 * The drill connection's state at a glance: live, connecting, reconnecting (with the attempt),
 * or closed. Used by the facilitator console and the incident room; feed it the
 * DrillConnection's `status` and `attempts`. The state is reflected to a `status` attribute so
 * tests and styles can read it, and announced politely to screen readers.
 *
 * @example html`<dh-connection-indicator .status=${conn.status} .attempts=${conn.attempts}></dh-connection-indicator>`
 */
import { css, html, LitElement } from 'lit';
import type { ConnectionStatus } from '../lib/drill-connection.js';
import { base } from '../styles/theme.js';

const TEXT: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Offline',
};

const HINT: Record<ConnectionStatus, string> = {
  connecting: 'Opening the live connection to the drill.',
  live: 'Connected: events arrive as they happen.',
  reconnecting: 'The connection to the server dropped. Retrying on its own; nothing already sent is lost, and missed events are fetched on reconnect.',
  closed: 'Not connected to the drill.',
};

export class DhConnectionIndicator extends LitElement {
  static override properties = {
    status: { type: String, reflect: true },
    attempts: { type: Number },
  };

  declare status: ConnectionStatus;
  /** reconnect attempts so far; shown while reconnecting */
  declare attempts: number;

  constructor() {
    super();
    this.status = 'connecting';
    this.attempts = 0;
  }

  protected override render() {
    const extra = this.status === 'reconnecting' && this.attempts > 1 ? ` (attempt ${this.attempts})` : '';
    return html`<span class="pill" role="status" aria-live="polite" title=${HINT[this.status]}>
      <span class="dot" aria-hidden="true"></span><span class="text">${TEXT[this.status]}${extra}</span>
    </span>`;
  }

  static override styles = [base, css`
    :host { display: inline-flex; }
    .pill { display: inline-flex; align-items: center; gap: 6px; padding: 2px 10px; border-radius: 999px; border: 1px solid var(--border); font-size: 12px; font-weight: 600; white-space: nowrap; }
    .dot { width: 8px; height: 8px; border-radius: 50%; background: var(--muted); }
    :host([status='live']) .pill { color: #7ee787; border-color: #2f6f3a; }
    :host([status='live']) .dot { background: var(--ok); }
    :host([status='reconnecting']) .pill { color: var(--pending); border-color: #6b5212; background: #2b2410; }
    :host([status='reconnecting']) .dot, :host([status='connecting']) .dot { background: var(--pending); animation: pulse 1s ease-in-out infinite; }
    :host([status='closed']) .pill { color: #ffb4ae; border-color: var(--bad); }
    :host([status='closed']) .dot { background: var(--bad); }
    @keyframes pulse { 50% { opacity: .25; } }
    @media (prefers-reduced-motion: reduce) { .dot { animation: none !important; } }
  `];
}

customElements.define('dh-connection-indicator', DhConnectionIndicator);

declare global {
  interface HTMLElementTagNameMap { 'dh-connection-indicator': DhConnectionIndicator }
}
