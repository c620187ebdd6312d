/**
 * Short notices for the whole app ("Copied", "Could not reach the server"). Any element fires
 * a `dh-toast` event; the app shell shows it in its toast area. Errors that belong to a form
 * stay inline in that form; toasts are for things with no better place.
 */
export type ToastKind = 'info' | 'ok' | 'error';

export interface ToastDetail { readonly message: string; readonly kind: ToastKind }

export function toast(from: EventTarget, message: string, kind: ToastKind = 'info'): void {
  from.dispatchEvent(new CustomEvent<ToastDetail>('dh-toast', { detail: { message, kind }, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap { 'dh-toast': CustomEvent<ToastDetail> }
}
