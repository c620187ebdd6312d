/**
 * Client messages to fuzz the server with: commands built from the scenario's own ids (so many
 * are accepted and reach the engine) with hostile values, wrong types, missing and extra keys
 * mixed in; clock controls with odd speeds; any JSON at all; broken JSON text; bodies and frames
 * around the size limits; and, for the WebSocket, every envelope with odd fields, and binary.
 */
import fc from 'fast-check';
import type { Scenario } from '../../server/scenario/schema.js';
import { deepJsonText, hostileJson, hugeString, nastyString, ownObject, PROTO_KEYS } from './weird.js';

/** A field: usually a real id, sometimes hostile text or a value of the wrong type. */
/** A hostile value as a property name: `String()` throws on objects without a prototype. */
function keyOf(k: unknown): string {
  return typeof k === 'string' ? k : (JSON.stringify(k) ?? typeof k);
}

function field(real: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: real.length > 0 ? fc.constantFrom(...real) : fc.string({ minLength: 1, maxLength: 8 }) },
    { weight: 2, arbitrary: nastyString },
    { weight: 1, arbitrary: hostileJson },
  );
}

const text: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.lorem({ maxCount: 12 }) },
  { weight: 3, arbitrary: nastyString },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: hostileJson },
);

const severity = fc.oneof({ weight: 5, arbitrary: fc.constantFrom('SEV1', 'SEV2', 'SEV3', 'SEV4') }, { weight: 1, arbitrary: fc.constantFrom('sev2', 'SEV5', 'SEV0', '', 2) }, { weight: 1, arbitrary: hostileJson });

/** Drop some fields, add some (prototype keys among them): what a careless or hostile client sends. */
function sloppy(base: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(base, fc.array(fc.nat(), { maxLength: 1 }), fc.array(fc.tuple(fc.oneof(fc.constantFrom(...PROTO_KEYS), nastyString), hostileJson), { maxLength: 2 }), fc.nat({ max: 9 }))
    .map(([o, drop, extra, luck]) => {
      if (luck < 6) return o;
      const entries = Object.entries(o).filter(([k], i) => k === 'type' || !drop.includes(i));
      return ownObject(luck < 8 ? [...entries, ...extra] : entries);
    });
}

/** Every command of the engine's vocabulary and the facilitator's controls, built from `s`. */
export function commandArb(s: Scenario): fc.Arbitrary<unknown> {
  const alerts = s.alerts.map((a) => a.alert);
  const teams = Object.keys(s.teams);
  const actions = s.actions.map((a) => a.id);
  const runbooks = s.runbooks.map((r) => r.id);
  const faults = s.faults.map((f) => f.id);
  const changes = s.changes.map((c) => c.id);
  const injects = s.injects.map((i) => i.id);
  const paramNames = [...new Set(s.actions.flatMap((a) => a.params.map((p) => p.name)))];
  const params = fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: fc.array(fc.tuple(field(paramNames), fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), nastyString, fc.double())), { maxLength: 3 }).map((e) => ownObject(e.map(([k, v]) => [keyOf(k), v]))) },
    { weight: 1, arbitrary: hostileJson },
  );
  const cmd = (type: string, fields: Record<string, fc.Arbitrary<unknown>>) =>
    sloppy(fc.record(fields, { requiredKeys: [] }).map((f) => ownObject([['type', type], ...Object.entries(f).filter(([, v]) => v !== undefined)])));
  return fc.oneof(
    { weight: 3, arbitrary: cmd('ack_alert', { alert: field(alerts) }) },
    { weight: 2, arbitrary: cmd('declare_incident', { severity, title: text }) },
    { weight: 2, arbitrary: cmd('set_severity', { severity }) },
    { weight: 2, arbitrary: cmd('page_team', { team: field(teams) }) },
    { weight: 2, arbitrary: cmd('ask', { team: field(teams), question: text }) },
    { weight: 3, arbitrary: cmd('run_action', { action: field(actions), params }) },
    { weight: 2, arbitrary: cmd('post_status', { audience: fc.constantFrom('internal', 'external', 'everyone'), text }) },
    { weight: 2, arbitrary: cmd('add_note', { text }) },
    { weight: 2, arbitrary: cmd('pin_evidence', { kind: fc.constantFrom('chart', 'query', 'log', 'answer', 'change', 'alert', 'video'), ref: field([...alerts, ...changes, 'up{service="checkout"}']), note: text }) },
    { weight: 1, arbitrary: cmd('state_hypothesis', { text }) },
    { weight: 1, arbitrary: cmd('verify', {}) },
    { weight: 1, arbitrary: cmd('resolve_incident', { summary: text }) },
    { weight: 1, arbitrary: cmd('flag_doc', { runbook: field(runbooks), text }) },
    { weight: 1, arbitrary: cmd('assign_role', { role: fc.constantFrom('commander', 'communications', 'operations', 'scribe', 'observer', 'admin'), name: field(['Ada', 'Bo', 'script']) }) },
    { weight: 1, arbitrary: cmd('inject_fault', { fault: field(faults) }) },
    { weight: 1, arbitrary: cmd('inject_change', { change: field(changes) }) },
    { weight: 1, arbitrary: cmd('inject_message', { inject: field(injects), from: field(['CEO', 'Support']), text }) },
    { weight: 1, arbitrary: cmd('set_speed', { speed: fc.oneof(fc.integer({ min: -5, max: 200 }), fc.constantFrom(0.5, 1e9, '60', null)) }) },
    { weight: 1, arbitrary: cmd('start', { speed: fc.oneof(fc.integer({ min: 0, max: 130 }), fc.constantFrom('fast')) }) },
    { weight: 1, arbitrary: fc.constantFrom({ type: 'pause' }, { type: 'resume' }) },
    // Ending the drill is rare: every command after it is refused, which tests less.
    { weight: 1, arbitrary: fc.nat({ max: 20 }).map((n) => (n === 0 ? { type: 'end' } : { type: 'resume' })) },
    { weight: 1, arbitrary: cmd(' ack_alert', {}) },
    { weight: 2, arbitrary: fc.oneof(fc.constantFrom('launch_missiles', 'ACK_ALERT', '', '__proto__', 'constructor', 'toString'), nastyString).map((type) => ownObject([['type', type]])) },
    { weight: 2, arbitrary: hostileJson },
  );
}

export type Sender = 'facilitator' | 'trainee' | 'observer';

export interface HttpCase {
  readonly kind: string;
  readonly as: Sender | 'no-token' | 'bad-token' | 'other-drill';
  readonly contentType: string | undefined;
  readonly body: string;
}

/** Bodies: mostly a command as JSON, sometimes JSON that is broken, deep, huge or odd. */
function bodyArb(commands: fc.Arbitrary<unknown>): fc.Arbitrary<{ kind: string; body: string }> {
  return fc.oneof(
    { weight: 12, arbitrary: commands.map((c) => ({ kind: 'command', body: JSON.stringify(c) ?? 'null' })) },
    { weight: 1, arbitrary: fc.tuple(commands, fc.nat()).map(([c, n]) => { const j = JSON.stringify(c) ?? 'null'; return { kind: 'truncated-json', body: j.slice(0, n % Math.max(1, j.length)) }; }) },
    { weight: 1, arbitrary: deepJsonText.map((body) => ({ kind: 'deep-json', body })) },
    { weight: 1, arbitrary: fc.oneof(nastyString, fc.constantFrom('', 'null', 'true', '[]', '{}', '"ack_alert"', '{"type":', '\ufeff{"type":"verify"}', '{"type":"verify"}{"type":"verify"}', '{"type":"verify",}', "{'type':'verify'}", '{"type":"verify"} trailing', '{"type":"\\ud800"}', '{"__proto__":{"polluted":1},"type":"verify"}', '{"constructor":{"prototype":{"polluted":1}},"type":"verify"}', '{"type":"run_action","action":"rollback-pool-config","params":{"__proto__":{"polluted":1}}}')).map((body) => ({ kind: 'raw-text', body })) },
    { weight: 1, arbitrary: fc.tuple(hugeString, fc.boolean()).map(([s, wrap]) => ({ kind: 'huge', body: wrap ? JSON.stringify({ type: 'add_note', text: s }) : s })) },
  );
}

export function httpCaseArb(s: Scenario): fc.Arbitrary<HttpCase> {
  return fc.tuple(
    bodyArb(commandArb(s)),
    fc.oneof({ weight: 10, arbitrary: fc.constantFrom<HttpCase['as']>('facilitator', 'trainee', 'trainee', 'observer') }, { weight: 1, arbitrary: fc.constantFrom<HttpCase['as']>('no-token', 'bad-token', 'other-drill') }),
    fc.oneof({ weight: 12, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom(undefined, 'text/plain', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/vnd.api+json', 'APPLICATION/JSON', 'application/json ; charset=utf-8', 'application/jsonx') }),
  ).map(([b, as, contentType]) => ({ kind: b.kind, as, contentType, body: b.body }));
}

export interface WsCase {
  readonly kind: string;
  readonly as: Sender;
  /** a text frame, or bytes: sent binary, or as a text frame that is not UTF-8 */
  readonly frame: string | { readonly bytes: Uint8Array; readonly asText: boolean };
}

const seq = fc.oneof({ weight: 3, arbitrary: fc.nat({ max: 5000 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1.5, 1e21, '3', null, Number.MAX_SAFE_INTEGER) });
const id = fc.oneof({ weight: 5, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) }, { weight: 1, arbitrary: fc.oneof(nastyString, fc.constantFrom('', 'x'.repeat(65)), hostileJson) });

export function wsCaseArb(s: Scenario): fc.Arbitrary<WsCase> {
  const commands = commandArb(s);
  const envelope: fc.Arbitrary<{ kind: string; frame: string }> = fc.oneof(
    { weight: 12, arbitrary: fc.tuple(commands, id).map(([command, i]) => ({ kind: 'command', frame: JSON.stringify({ type: 'command', id: i, command }) })) },
    { weight: 2, arbitrary: fc.record({ type: fc.constantFrom('hello', 'resume'), lastSeq: seq }, { requiredKeys: ['type'] }).map((m) => ({ kind: 'hello', frame: JSON.stringify(m) })) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('ping'), id }, { requiredKeys: ['type'] }).map((m) => ({ kind: 'ping', frame: JSON.stringify(m) })) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('command', 'hello', 'ping', 'resume', 'subscribe', ''), hostileJson).map(([type, extra]) => ({ kind: 'odd-envelope', frame: JSON.stringify({ type, extra, ...(type === 'command' ? { command: extra } : {}) }) })) },
    { weight: 1, arbitrary: hostileJson.map((v) => ({ kind: 'any-json', frame: JSON.stringify(v) ?? 'null' })) },
    { weight: 1, arbitrary: bodyArb(commands).map((b) => ({ kind: `frame-${b.kind}`, frame: b.body })) },
  );
  return fc.tuple(
    fc.oneof(
      { weight: 20, arbitrary: envelope.map((e) => ({ kind: e.kind, frame: e.frame as WsCase['frame'] })) },
      { weight: 1, arbitrary: fc.tuple(fc.uint8Array({ maxLength: 64 }), fc.boolean()).map(([bytes, asText]) => ({ kind: asText ? 'invalid-utf8' : 'binary', frame: { bytes: asText ? Uint8Array.from([...bytes, 0xff, 0xfe]) : bytes, asText } })) },
    ),
    fc.constantFrom<Sender>('facilitator', 'trainee', 'trainee', 'observer'),
  ).map(([c, as]) => ({ ...c, as }));
}
