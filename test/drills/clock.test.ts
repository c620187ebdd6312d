import { describe, expect, it } from 'vitest';
import { LiveClock } from '../../server/drills/clock.js';
import { FakeClock } from './support.js';

describe('LiveClock', () => {
  it('maps wall time to sim time by speed while running, and stands still otherwise', () => {
    const wall = new FakeClock();
    const c = new LiveClock(wall.now, { t: 0, speed: 1, phase: 'created' });
    wall.wait(10);
    expect(c.t).toBe(0);
    c.start(0, 60);
    wall.wait(1.5);
    expect(c.t).toBe(90);
    c.pause(c.t);
    wall.wait(100);
    expect(c.view()).toEqual({ t: 90, speed: 60, phase: 'paused', paused: true });
    c.resume(90);
    c.setSpeed(90, 120);
    wall.wait(0.25);
    expect(c.t).toBe(120);
    c.end(c.t);
    wall.wait(5);
    expect(c.state()).toEqual({ t: 120, speed: 120, phase: 'ended' });
  });

  it('keeps sim time to the millisecond, like the engine', () => {
    const wall = new FakeClock();
    const c = new LiveClock(wall.now, { t: 0, speed: 1, phase: 'created' });
    c.start(0, 7);
    wall.ms += 1;
    expect(c.t).toBe(0.007);
    wall.ms += 2;
    expect(c.t).toBe(0.021);
  });
});
