/**
 * Security headers on every HTTP response, from Hono's secure-headers middleware: a strict
 * Content-Security-Policy (scripts and styles from this origin only, no inline script, no
 * framing), no referrer, no MIME sniffing. The WebSocket upgrade is left alone: headers there
 * would be copied into the 101 response, and the style guide keeps header-changing middleware
 * off that route.
 *
 * Inline `<style>` blocks are allowed by their SHA-256 hash, never by 'unsafe-inline': the
 * fallback page's one style, and any in the built web app's index.html (hashed when the app is
 * created, so a rebuilt web app needs a server restart). Lit's `static styles` go through
 * constructable stylesheets (adoptedStyleSheets), which style-src does not govern.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { HOME_STYLE } from './home.js';

/** `'sha256-...'` for an inline style or script body, as CSP wants it. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Hashes of the inline `<style>` blocks of an HTML page. */
export function inlineStyleHashes(html: string): string[] {
  return [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)].map((m) => cspHash(m[1]!));
}

function webStyleHashes(webRoot: string | undefined): string[] {
  if (!webRoot) return [];
  try {
    return inlineStyleHashes(readFileSync(join(webRoot, 'index.html'), 'utf8'));
  } catch {
    return [];
  }
}

/** The Content-Security-Policy directives, for the middleware and for docs and tests. */
export function cspDirectives(webRoot?: string) {
  const styles = [...new Set([cspHash(HOME_STYLE), ...webStyleHashes(webRoot)])];
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", ...styles],
    // data: for the favicon the web app's index.html carries inline
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    // 'self' covers ws:// and wss:// to this host (CSP level 3)
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
}

function isUpgrade(req: { header(name: string): string | undefined }): boolean {
  return req.header('upgrade')?.toLowerCase() === 'websocket';
}

/** The middleware: every response but a WebSocket upgrade. API responses are also never cached. */
export function securityHeaders(webRoot?: string): MiddlewareHandler {
  const secure = secureHeaders({
    contentSecurityPolicy: cspDirectives(webRoot),
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
  });
  return async (c, next) => {
    if (isUpgrade(c.req)) return next();
    await secure(c, next);
    if (c.req.path.startsWith('/api/') || c.req.path === '/healthz') c.res.headers.set('Cache-Control', 'no-store');
  };
}
