/**
 * The live drill service: creates drills, admits participants, checks tokens, runs the clock
 * and turns commands into journal lines. It is authoritative and sits between the edges
 * (HTTP, WebSocket) and the store, which it keeps to itself: what happens after the drill is
 * the after-action review's (review.ts), which gets only a narrow path to the stored records.
 *
 * Every change follows one path: stamp it with the current sim time (running the engine up to
 * it), apply it (a refusal stops here and nothing is stored), hand the journal line and clock to
 * the store, and only when the store says it is on disk publish the new events and reply.
 */
import { randomBytes } from 'node:crypto';
import { parseScenario } from '../scenario/loader.js';
import { didYouMean } from '../scenario/suggest.js';
import type { DrillRecord, JournalEntry } from '../store/schema.js';
import { StoreError, type DrillStore } from '../store/store.js';
import { DRILLHALL_NAME, FACILITATOR_NAME, mayRun, phaseRefusal, RESERVED_NAMES, type Principal } from './access.js';
import { refusal, type Refusal, type Outcome } from '../../contract/refusal.js';
import type { ScenarioCatalog } from './catalog.js';
import type { Now } from './clock.js';
import { limitsFromEnv, type Limits } from './limits.js';
import { commanderOnJoin, LiveDrill } from './live.js';
import { ResidentDrills } from './resident.js';
import { Rates } from './rates.js';
import { slicer, SLICE_MS } from './slices.js';
import { isClockControl, type ClockControl, type Command, type Role } from '../../contract/commands.js';
import type { Sequenced } from '../../contract/events.js';
import { parseDrillCommand } from '../scenario/commands.js';
import { StoreGuard, type AfterActionRecords } from './store-guard.js';
import { hashSecret, joinCodeMatches, newId, newJoinCode, newToken, secretMatches } from './tokens.js';
import { drillView, type DrillView } from './visibility.js';

export interface ServiceOptions {
  readonly store: DrillStore;
  readonly catalog: ScenarioCatalog;
  /** wall clock in ms; tests pass a counter they move by hand */
  readonly now?: Now;
  /**
   * Over the DRILLHALL_* environment variables, which are over DEFAULT_LIMITS (limits.ts). A
   * malformed variable throws, naming it, so `drillhall serve` stops with the reason.
   */
  readonly limits?: Partial<Limits>;
}

export type PublishListener = (drill: LiveDrill) => void;

/** How often `tick` checks that the data file is still there (ms of wall time). */
export const STORE_CHECK_MS = 2000;

export class DrillService {
  readonly #guard: StoreGuard;
  readonly catalog: ScenarioCatalog;
  readonly now: Now;
  readonly #drills = new ResidentDrills((id) => this.#store.release?.(id));
  /** token hash -> drill id, only to tell "wrong drill" (403) from "no such token" (401) */
  readonly #tokenDrill = new Map<string, string>();
  readonly #listeners = new Set<PublishListener>();
  readonly limits: Limits;
  readonly #rates: Rates;
  #lastCheck = -Infinity;

  private constructor(o: ServiceOptions) {
    this.#guard = new StoreGuard(o.store, () => this.#dropUndurable());
    this.catalog = o.catalog;
    this.now = o.now ?? Date.now;
    this.limits = { ...limitsFromEnv(process.env), ...o.limits };
    this.#rates = new Rates(this.limits, this.now);
  }

  get #store(): DrillStore { return this.#guard.store; }

  /**
   * Load every stored drill by replaying its journal. A drill that was running when the server
   * stopped comes back paused at the sim time it had, with a `drill_paused` event saying why.
   */
  static async open(o: ServiceOptions): Promise<DrillService> {
    const s = new DrillService(o);
    const restarts: Promise<Outcome<{ mark: number }>>[] = [];
    for (const rec of o.store.list()) {
      if (rec.clock.phase === 'ended') {
        // Ended drills stay on disk until someone opens one (a report, a postmortem, history).
        s.#registerTokens(rec);
        o.store.release?.(rec.id);
        continue;
      }
      const d = s.#restore(rec);
      if (rec.clock.phase === 'running') restarts.push(s.#commitControl(d, { type: 'pause' }, 'server', 'server', 'server restarted'));
    }
    for (const r of await Promise.all(restarts)) if (!r.ok) throw new StoreError('write_failed', r.message);
    return s;
  }

  #restore(rec: Readonly<DrillRecord>): LiveDrill {
    const copy = this.#store.scenario(rec.scenarioHash)!;
    const parsed = parseScenario(copy.source, copy.file);
    if (!parsed.ok) throw new StoreError('corrupt', `drill ${rec.id} in ${this.#store.location}: its copy of ${copy.file} no longer validates: ${parsed.problems[0]?.message}`);
    let d: LiveDrill;
    try {
      d = LiveDrill.restore(rec, parsed.scenario, this.now);
    } catch (err) {
      throw new StoreError('corrupt', `${this.#store.location}: ${(err as Error).message}`);
    }
    // Back exactly at the stored time; the restart pause below is stamped with it.
    if (rec.clock.phase === 'running') d.clock.pause(rec.clock.t);
    this.#register(d);
    return d;
  }

  #register(d: LiveDrill): void { this.#drills.add(d); this.#registerTokens(d.record); }

  #registerTokens(rec: Readonly<DrillRecord>): void {
    this.#tokenDrill.set(rec.facilitatorTokenHash, rec.id);
    for (const p of rec.participants) this.#tokenDrill.set(p.tokenHash, rec.id);
  }

  /** A drill, live: in memory, or (an ended one) rebuilt from its journal (resident.ts). */
  drill(id: string): LiveDrill | undefined {
    return this.#drills.get(id, (x) => { const rec = this.#store.get(x); return rec ? this.#restore(rec) : undefined; });
  }

  /** The drills in memory now. */
  drills(): readonly LiveDrill[] { return [...this.#drills.values()]; }

  /** a store write failed: the server keeps serving reads but accepts no more changes */
  get failure(): StoreError | undefined { return this.#guard.failure; }

  /** Called after each publish; the WebSocket hub sends the new events from here. */
  onPublish(fn: PublishListener): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /**
   * A new drill. `from` is the client's address, for the per-address rate of new drills; `team`
   * the team running it, for its history and carried action items.
   */
  async create(scenarioId: string, seed?: string, from = 'unknown', team?: string): Promise<Outcome<{ id: string; joinCode: string; facilitatorToken: string }>> {
    const slow = this.#rates.create(from);
    if (slow) return slow;
    const entry = this.catalog.get(scenarioId);
    if (!entry) return refusal(404, 'unknown_scenario', `there is no scenario "${scenarioId}"${didYouMean(scenarioId, this.catalog.ids())}`);
    const down = this.#guard.refuseChange();
    if (down) return down;
    const facilitatorToken = newToken();
    const record: DrillRecord = {
      id: newId(), createdAt: new Date().toISOString(), scenarioId, scenarioHash: entry.hash,
      seed: seed ?? randomBytes(4).toString('hex'), joinCode: newJoinCode(), facilitatorTokenHash: hashSecret(facilitatorToken),
      participants: [], log: [], clock: { t: 0, speed: 1, phase: 'created' },
      ...(team !== undefined ? { team } : {}),
    };
    try {
      await this.#store.create(record, { id: entry.scenario.id, file: entry.file, source: entry.source });
    } catch (err) {
      return this.#guard.failed(err);
    }
    this.#register(LiveDrill.restore(this.#store.get(record.id)!, entry.scenario, this.now));
    return { ok: true, id: record.id, joinCode: record.joinCode, facilitatorToken };
  }

  /**
   * Admit a trainee. Wrong join codes are counted per drill and client address (`from`): past
   * the limit every attempt from there is refused with 429 for a while, right code or not, so
   * guessing gains nothing.
   */
  async join(drillId: string, joinCode: string, name: string, role: Role, from = 'unknown'): Promise<Outcome<{ participantId: string; token: string }>> {
    const d = this.drill(drillId);
    if (!d) return unknownDrill(drillId);
    const locked = this.#rates.guessesLocked(drillId, from);
    if (locked) return locked;
    if (!joinCodeMatches(joinCode, d.record.joinCode)) {
      this.#rates.wrongGuess(drillId, from);
      return refusal(403, 'bad_join_code', 'that join code is not this drill\'s; ask the facilitator for it');
    }
    if (d.clock.phase === 'ended') return refusal(409, 'drill_ended', 'the drill has ended; it takes no new participants');
    if (d.record.participants.length >= this.limits.maxParticipants) {
      return refusal(409, 'drill_full', `the drill has its ${this.limits.maxParticipants} participants, the most one drill takes; ask the facilitator`);
    }
    const clean = name.trim();
    const taken = RESERVED_NAMES.has(clean.toLowerCase()) || d.record.participants.some((p) => p.name.toLowerCase() === clean.toLowerCase());
    if (taken) return refusal(409, 'name_taken', `the name "${clean}" is taken in this drill; choose another`);
    const down = this.#guard.refuseChange();
    if (down) return down;
    const token = newToken();
    const t = this.#stamp(d);
    const participant = { id: newId(), name: clean, role, tokenHash: hashSecret(token), joinedAt: t };
    const entry: JournalEntry = { kind: 'join', t, who: participant.id, name: clean, role };
    d.applyEntry(entry);
    const entries = [entry, ...commanderOnJoin(d, entry)];
    for (const e of entries.slice(1)) d.applyEntry(e);
    const saved = await this.#persist(d, this.#store.join(d.id, participant, entries, d.clock.state(t)), d.timeline.length, t);
    if (!saved.ok) return saved;
    this.#tokenDrill.set(participant.tokenHash, d.id);
    return { ok: true, participantId: participant.id, token };
  }

  /**
   * Who holds `token` in drill `drillId`? Every stored hash is compared (in constant time, with
   * no early exit), so timing says nothing about which one matched.
   */
  authenticate(drillId: string, token: string | undefined): Outcome<{ principal: Principal }> {
    const rec = this.#store.get(drillId); // the stored hashes: no ended drill is rebuilt to check a token
    if (!rec) return unknownDrill(drillId);
    if (!token) return refusal(401, 'missing_token', 'send the drill token as "Authorization: Bearer <token>"');
    let found: Principal | undefined;
    if (secretMatches(token, rec.facilitatorTokenHash)) found = { drillId, audience: 'facilitator', who: 'facilitator', name: FACILITATOR_NAME };
    for (const p of rec.participants) {
      if (secretMatches(token, p.tokenHash) && !found) found = { drillId, audience: 'trainee', who: p.id, name: p.name, role: p.role };
    }
    if (found) return { ok: true, principal: found };
    if (this.#tokenDrill.has(hashSecret(token))) return refusal(403, 'wrong_drill', 'this token belongs to another drill');
    return refusal(401, 'bad_token', 'the token is not valid for this drill');
  }

  /** A command or clock control from `p`: 202-style `{ seq, events }` once it is on disk. */
  async submit(p: Principal, raw: unknown): Promise<Outcome<{ seq: number; events: Sequenced[] }>> {
    const d = this.drill(p.drillId);
    if (!d) return unknownDrill(p.drillId);
    const parsed = parseDrillCommand(raw);
    if (!parsed.ok) return refusal(400, 'invalid_command', parsed.message);
    const command = parsed.command;
    const denied = mayRun(p, command) ?? this.#guard.refuseChange() ?? phaseRefusal(d.clock.phase, p, command);
    if (denied) return denied;
    const before = d.timeline.length;
    const r = isClockControl(command)
      ? await this.#commitControl(d, command, p.who, p.name)
      : await this.#commitCommand(d, p, command);
    if (!r.ok) return r;
    this.#drills.touch(d); // an ended drill may now leave memory with the others
    return { ok: true, seq: d.seqAt(p.audience, r.mark), events: d.eventsBetween(p.audience, before, r.mark) };
  }

  /**
   * Journal a line that is neither a command nor a clock control (publishing the report) the
   * way commands are: stamped with the current sim time, applied, on disk, then published.
   */
  async journal(drillId: string, make: (t: number) => JournalEntry): Promise<Outcome<{ mark: number }>> {
    const d = this.drill(drillId);
    if (!d) return unknownDrill(drillId);
    const down = this.#guard.refuseChange();
    if (down) return down;
    const t = this.#stamp(d);
    const entry = make(t);
    const refused = d.applyEntry(entry);
    if (refused) return refusal(409, refused.code, refused.message);
    return this.#persist(d, this.#store.append(d.id, entry, d.clock.state(t)), d.timeline.length, t);
  }

  /**
   * The after-action review's path to the store (review.ts): it reads the stored drills and
   * replaces a drill's after-action record, durable before it is acknowledged, and, after a
   * failed write, refused with 503 like every other change.
   */
  afterActionRecords(): AfterActionRecords {
    return this.#guard.afterActionRecords();
  }

  async #commitCommand(d: LiveDrill, p: Principal, command: Command): Promise<Outcome<{ mark: number }>> {
    const t = this.#stamp(d);
    const entry: JournalEntry = { kind: 'command', t, who: p.who, by: p.name, command };
    const refused = d.applyEntry(entry);
    if (refused) return refusal(409, refused.code, refused.message);
    const mark = d.timeline.length;
    return this.#persist(d, this.#store.append(d.id, entry, d.clock.state(t)), mark, t);
  }

  async #commitControl(d: LiveDrill, control: ClockControl, who: string, by: string, reason?: string): Promise<Outcome<{ mark: number }>> {
    const t = this.#stamp(d);
    // A start without a speed is journaled with the speed it used, so a replay needs no defaults.
    const c: ClockControl = control.type === 'start' ? { ...control, speed: control.speed ?? d.clock.speed } : control;
    return this.#persist(d, this.#applyControl(d, t, c, who, by, reason), d.timeline.length, t);
  }

  /** Apply a clock control at `t` to the drill and its clock; the promise is its journal write. */
  #applyControl(d: LiveDrill, t: number, c: ClockControl, who: string, by: string, reason?: string): Promise<void> {
    const entry: JournalEntry = { kind: 'control', t, who, by, control: c, ...(reason !== undefined ? { reason } : {}) };
    d.applyEntry(entry);
    if (c.type === 'start') d.clock.start(t, c.speed);
    else if (c.type === 'pause') d.clock.pause(t);
    else if (c.type === 'resume') d.clock.resume(t);
    else if (c.type === 'set_speed') d.clock.setSpeed(t, c.speed);
    else d.clock.end(t);
    return this.#store.append(d.id, entry, d.clock.state(t));
  }

  /** The current sim time, with the engine run up to it: the time a new journal line gets. */
  #stamp(d: LiveDrill): number {
    return this.#advance(d, Math.max(d.clock.t, d.t));
  }

  /**
   * Run the engine to `t`, or, fast-forwarding, to the first alert that fires before it: there
   * the clock drops to the scenario's recommended speed (journaled as Drillhall's `set_speed`,
   * at the alert's evaluation, so a replay drops at the same sim time). Returns the time reached.
   */
  #advance(d: LiveDrill, t: number): number {
    const back = d.fastForwardBack;
    const fired = d.advanceUntilAlert(t);
    if (!fired || back === undefined) return t;
    const at = d.t;
    const write = this.#applyControl(d, at, { type: 'set_speed', speed: back }, 'server', DRILLHALL_NAME, `${fired.alert} fired: back to ${back}x`);
    // Written before whatever stamped this time (the store keeps the order of appends).
    void this.#persist(d, write, d.timeline.length, at);
    return at;
  }

  /** Wait for `write` (which carries the clock at `t`), then publish up to `mark`. */
  async #persist(d: LiveDrill, write: Promise<void>, mark: number, t: number): Promise<Outcome<{ mark: number }>> {
    d.checkpointT = Math.max(d.checkpointT, t);
    try {
      await write;
    } catch (err) {
      return this.#guard.failed(err);
    }
    if (d.publish(mark, t)) for (const fn of this.#listeners) fn(d);
    return { ok: true, mark };
  }

  /**
   * After a failed write, rebuild every drill from what the store says is durable, so nothing
   * that never reached the disk (the refused command's effects, a join) stays in memory to be
   * shown (drills not in memory are read from the durable store when asked for). Running drills
   * stand still at their last saved time.
   */
  #dropUndurable(): void {
    for (const rec of this.#store.list()) {
      if (!this.#drills.peek(rec.id)) continue;
      try {
        this.#restore(rec);
      } catch {
        // The durable copy replayed before; if it no longer does, keep the drill as it is.
      }
    }
  }

  /**
   * Check the data file is still there and still ours (see DrillStore.verify). A deleted file is
   * written again; a replaced one, or a lost lock, stops changes with 503 like a failed write.
   * Called from `tick` every few seconds and by /healthz.
   */
  checkStore(): Promise<StoreError | undefined> {
    return this.#guard.check();
  }

  /**
   * Move every running drill's clock: run the engine to the current sim time, checkpoint that
   * time, and publish what happened once it is on disk. In slices of SLICE_MS, so commands
   * are not held behind hundreds of drills' engines. The server calls this on a timer; tests
   * call it after moving their fake clock.
   */
  async tick(): Promise<void> {
    const writes: Promise<unknown>[] = [];
    const slice = slicer(SLICE_MS);
    for (const d of [...this.#drills.values()]) {
      const pause = slice(); // no await while the slice lasts: the loop stays one synchronous run
      if (pause) await pause; // meanwhile a command may have run this drill on, ended or released it
      if (d.clock.phase !== 'running' || this.#guard.failure || this.#drills.peek(d.id) !== d || d.clock.t <= d.checkpointT) continue;
      const t = this.#advance(d, d.clock.t);
      writes.push(this.#persist(d, this.#store.setClock(d.id, d.clock.state(t)), d.timeline.length, t));
    }
    if (this.now() - this.#lastCheck >= STORE_CHECK_MS) {
      this.#lastCheck = this.now();
      writes.push(this.checkStore());
    }
    await Promise.all(writes);
  }

  /**
   * May `p` send a command now? The edges ask before they even parse it, so a flood of garbage
   * costs its sender the same as a flood of commands. HTTP and WebSocket share one bucket per
   * participant.
   */
  allowCommand(p: Principal): Refusal | undefined {
    return this.#rates.command(p);
  }

  /**
   * May `p` read (view, query, logs) now? Counted per participant, so one token cannot pin the
   * CPU with queries. `weight` is the read's size in ordinary reads: a PromQL query that reads
   * millions of samples, or a log search over hours, costs more than one (see READ_UNIT_*).
   */
  allowRead(p: Principal, weight = 1): Refusal | undefined {
    return this.#rates.read(p, weight);
  }

  /** The drill as `p` may see it, once everything shown is on disk. */
  async view(p: Principal): Promise<Outcome<{ view: DrillView }>> {
    const d = this.drill(p.drillId);
    if (!d) return unknownDrill(p.drillId);
    // After a failed write nothing more becomes durable, and what is in memory is what was.
    await this.#guard.flush();
    const current = this.#drills.peek(p.drillId) ?? d;
    return { ok: true, view: drillView(current, this.#store.get(current.id)!, p) };
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    await this.#store.close();
  }
}

const unknownDrill = (id: string): Refusal => refusal(404, 'unknown_drill', `there is no drill "${id}"`);
