import { describe, expect, it } from 'vitest';
import { parseDrillCommand } from '../../server/scenario/commands.js';

describe('parseDrillCommand on clock controls', () => {
  it.each([
    [{ type: 'set_speed' }, 'set_speed needs "speed"'],
    [{ type: 'set_speed', speed: '60' }, 'speed: expected a number'],
    [{ type: 'start', speed: null }, 'speed: expected a number'],
    [{ type: 'set_speed', speed: 500 }, 'speed: speed is 1x to 120x'],
    [{ type: 'pause', x: 1 }, 'pause has no field "x"'],
  ])('says what is wrong with %j in words (no "received undefined")', (command, message) => {
    expect(parseDrillCommand(command)).toEqual({ ok: false, message });
  });
});
