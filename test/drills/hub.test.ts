import { beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../server/drills/access.js';
import { CLOSE_SLOW_CONSUMER, LiveHub, type Connection, type HubOptions, type Peer } from '../../server/drills/hub.js';
import { command, harness, runFor, setupDrill, type DrillSetup, type Harness } from './support.js';

class FakePeer implements Peer {
  readonly sent: any[] = [];
  bufferedAmount = 0;
  pings = 0;
  terminated = false;
  closed: { code: number; reason: string } | undefined;
  send(data: string): void { this.sent.push(JSON.parse(data)); }
  ping(): void { this.pings++; }
  terminate(): void { this.terminated = true; }
  close(code: number, reason: string): void { this.closed = { code, reason }; }
  of(type: string): any[] { return this.sent.filter((m) => m.type === type); }
  last(): any { return this.sent.at(-1); }
  seqs(): number[] { return this.of('events').flatMap((m) => m.events.map((e: any) => e.seq)); }
  /** every clock sent: `clock` messages and clocks riding along with events */
  clocks(): any[] { return this.sent.flatMap((m) => (m.type === 'clock' ? [m] : m.type === 'events' && m.clock ? [m.clock] : [])); }
}

let h: Harness;
let d: DrillSetup;

beforeEach(async () => {
  h = await harness();
  d = await setupDrill(h.app, { Ada: 'commander', Cy: 'observer' });
  await command(h.app, d, d.facilitator, { type: 'start', speed: 60 });
});

function principal(token: string): Principal {
  const r = h.service.authenticate(d.id, token);
  if (!r.ok) throw new Error(r.message);
  return r.principal;
}

function connect(token: string, options: HubOptions = {}, hub = new LiveHub(h.service, options)): { hub: LiveHub; peer: FakePeer; conn: Connection } {
  const peer = new FakePeer();
  return { hub, peer, conn: hub.open(principal(token), peer) };
}

const say = (hub: LiveHub, conn: Connection, msg: unknown) => hub.receive(conn, typeof msg === 'string' ? msg : JSON.stringify(msg));

describe('LiveHub', () => {
  it('greets, sends a snapshot on hello, then live events in order with the trainee numbering', async () => {
    const { hub, peer, conn } = connect(d.trainees.Ada!);
    // Ada joined (and, joining as commander, took the role), Cy joined, the drill started.
    expect(peer.sent[0]).toMatchObject({ type: 'welcome', drill: d.id, audience: 'trainee', role: 'commander', name: 'Ada', seq: 4 });
    await runFor(h, 600, 60);
    expect(peer.of('events')).toEqual([]);
    await say(hub, conn, { type: 'hello' });
    const snap = peer.of('snapshot')[0];
    expect(snap.view.audience).toBe('trainee');
    expect(snap.seq).toBe(snap.view.seq);
    await runFor(h, 600, 60);
    const seqs = [...snap.view.events.map((e: any) => e.seq), ...peer.seqs()];
    expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
    const types = peer.of('events').flatMap((m) => m.events.map((e: any) => e.event.type));
    expect(types).not.toContain('fault_started');
    expect(types).not.toContain('fault_changed');
    expect(peer.clocks().at(-1)).toMatchObject({ t: 1200, speed: 60, phase: 'running', paused: false });
  });

  it('resumes with exactly the missed events, or a snapshot when too far behind or ahead', async () => {
    await runFor(h, 900, 60);
    const { hub, peer, conn } = connect(d.trainees.Ada!, { resumeWindow: 4 });
    const latest = h.service.drill(d.id)!.latestSeq('trainee');
    await say(hub, conn, { type: 'resume', lastSeq: latest - 3 });
    expect(peer.of('events')[0].events.map((e: any) => e.seq)).toEqual([latest - 2, latest - 1, latest]);
    expect(peer.of('snapshot')).toEqual([]);
    await say(hub, conn, { type: 'resume', lastSeq: latest - 5 });
    expect(peer.of('snapshot')).toHaveLength(1);
    await say(hub, conn, { type: 'hello', lastSeq: latest + 10 });
    expect(peer.of('snapshot')).toHaveLength(2);
    await say(hub, conn, { type: 'hello', lastSeq: latest });
    expect(peer.last()).toMatchObject({ type: 'clock' });
    expect(peer.of('events').at(-1).events).toEqual([]);
  });

  it('answers every bad message with an error, changes nothing, and stays open', async () => {
    const { hub, peer, conn } = connect(d.trainees.Ada!, { maxMessageBytes: 1000 });
    const before = h.service.drill(d.id)!.timeline.length;
    await hub.receive(conn, new ArrayBuffer(8));
    await say(hub, conn, 'x'.repeat(1001));
    await say(hub, conn, '{"type": "hello"');
    await say(hub, conn, { type: 'shout' });
    await say(hub, conn, { type: 'resume' });
    await say(hub, conn, { type: 'command', id: 'c1' });
    await say(hub, conn, { type: 'hello', extra: 1 });
    await say(hub, conn, { type: 'command', id: 'c2', command: { type: 'ack_alrt' } });
    expect(peer.of('error').map((m) => m.code)).toEqual(['binary_not_supported', 'too_large', 'bad_json', 'invalid_message', 'invalid_message', 'invalid_message', 'invalid_message']);
    expect(peer.of('error')[1].message).toBe('messages are limited to 1000 bytes; this one has 1001');
    expect(peer.of('error')[5].id).toBe('c1');
    expect(peer.last()).toEqual({ type: 'refused', id: 'c2', status: 400, code: 'invalid_command', message: 'unknown command type "ack_alrt"; did you mean "ack_alert"?' });
    expect(h.service.drill(d.id)!.timeline.length).toBe(before);
    expect(peer.closed).toBeUndefined();
    await say(hub, conn, { type: 'ping', id: 'p' });
    expect(peer.last()).toEqual({ type: 'pong', id: 'p', t: 0 });
  });

  it('sends the clock along with events when it is due within half its interval, and on its own otherwise', async () => {
    const { hub, peer, conn } = connect(d.trainees.Ada!);
    await say(hub, conn, { type: 'hello' });
    const standalone = () => peer.of('clock').length;
    const before = standalone();
    await runFor(h, 36, 60); // 600 ms of wall time later: due in 400 ms
    await say(hub, conn, { type: 'command', id: 'n1', command: { type: 'add_note', text: 'pool waits climbing' } });
    const withNote = peer.of('events').at(-1);
    expect(withNote.events.map((e: any) => e.event.type)).toContain('note_added');
    expect(withNote.clock).toMatchObject({ t: withNote.events.at(-1).event.t, speed: 60, phase: 'running' });
    await runFor(h, 24, 60); // 400 ms later, nothing new: the clock rode along 400 ms ago
    expect(standalone()).toBe(before);
    await runFor(h, 36, 60); // 1 s since the last clock, no events: a clock of its own
    expect(standalone()).toBe(before + 1);
    expect(peer.last()).toMatchObject({ type: 'clock', speed: 60, phase: 'running' });
  });

  it('runs commands: ack with the seq after the events went out; refusals with status and code', async () => {
    const { hub, peer, conn } = connect(d.trainees.Ada!);
    await say(hub, conn, { type: 'hello', lastSeq: 0 });
    await runFor(h, 60, 60);
    await say(hub, conn, { type: 'command', id: 'a', command: { type: 'declare_incident', severity: 'SEV2' } });
    const ack = peer.last();
    expect(ack).toMatchObject({ type: 'ack', id: 'a' });
    expect(peer.seqs().at(-1)).toBe(ack.seq);
    await say(hub, conn, { type: 'command', id: 'b', command: { type: 'declare_incident', severity: 'SEV2' } });
    expect(peer.last()).toMatchObject({ type: 'refused', id: 'b', status: 409, code: 'incident_already_declared' });
    await say(hub, conn, { type: 'command', id: 'c', command: { type: 'pause' } });
    expect(peer.last()).toMatchObject({ type: 'refused', status: 403, code: 'facilitator_only' });
    const obs = connect(d.trainees.Cy!, {}, hub);
    await say(hub, obs.conn, { type: 'command', id: 'd', command: { type: 'add_note', text: 'hi' } });
    expect(obs.peer.last()).toMatchObject({ type: 'refused', status: 403, code: 'read_only' });
  });

  it('tells a slow client to resync and drops it instead of buffering without bound', async () => {
    const hub = new LiveHub(h.service, { maxBufferedBytes: 10_000 });
    const slow = connect(d.trainees.Ada!, {}, hub);
    const fine = connect(d.facilitator, {}, hub);
    await say(hub, slow.conn, { type: 'hello', lastSeq: 0 });
    await say(hub, fine.conn, { type: 'hello', lastSeq: 0 });
    slow.peer.bufferedAmount = 10_001;
    await runFor(h, 600, 60);
    expect(slow.peer.last()).toMatchObject({ type: 'resync' });
    expect(slow.peer.closed).toEqual({ code: CLOSE_SLOW_CONSUMER, reason: 'too slow: resync' });
    const count = slow.peer.sent.length;
    await runFor(h, 600, 60);
    expect(slow.peer.sent.length).toBe(count);
    expect(hub.dropped).toBe(1);
    expect(fine.peer.seqs().at(-1)).toBe(h.service.drill(d.id)!.latestSeq('facilitator'));
  });

  it('pings, and terminates a peer that did not answer the last ping', async () => {
    const hub = new LiveHub(h.service);
    const a = connect(d.trainees.Ada!, {}, hub);
    const b = connect(d.facilitator, {}, hub);
    await hub.heartbeat();
    expect([a.peer.pings, b.peer.pings]).toEqual([1, 1]);
    hub.pong(a.conn);
    await hub.heartbeat();
    expect(a.peer.terminated).toBe(false);
    expect(b.peer.terminated).toBe(true);
    expect(hub.connections).toBe(1);
  });
});
