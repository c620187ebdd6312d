/**
 * Responders: keyword answers, and what they say when an answer repeats one they gave before
 * (the same question again, or another question that finds the same answer). Pure functions
 * first, then through the engine, where the wording must be the same on every replay.
 */
import { describe, expect, it } from 'vitest';
import { apply } from '../../server/sim/apply.js';
import type { Command } from '../../contract/commands.js';
import { advance, createSimulation, type Simulation } from '../../server/sim/engine.js';
import type { SimEvent } from '../../contract/events.js';
import { answerQuestion, askedBefore } from '../../server/sim/responders.js';
import type { Team } from '../../server/scenario/schema.js';
import { EXAMPLE_TEXT, mustParse } from '../helpers/scenario.js';

const team: Team = {
  name: 'Database team', join_delay: 60, responders: [{ name: 'Mo', role: 'DBA' }],
  knowledge: [
    { keywords: ['locks', 'database'], answer: 'No long-running locks on orders-db.' },
    { keywords: ['failover'], answer: 'A failover takes about three minutes.' },
  ],
  fallback: 'I run orders-db. Ask me about its load or a failover.',
};

describe('answerQuestion', () => {
  it('answers the first time without an aside', () => {
    const a = answerQuestion('dba', team, 'Any locks on the database?');
    expect(a).toEqual({ responder: 'Mo', text: 'No long-running locks on orders-db.', answer: 'dba/0' });
  });

  it('says "as I said" when the same question comes again, however it is written', () => {
    const a = answerQuestion('dba', team, 'any LOCKS on the database', [{ question: 'Any locks on the database?', answer: 'dba/0' }]);
    expect(a.aside).toBe('As I said: ');
    expect(a.text).toBe('No long-running locks on orders-db.');
  });

  it('says it has nothing more when a different question finds the same answer, quoting the question it answered', () => {
    const earlier = [
      { question: 'Any locks on the database?', answer: 'dba/0' },
      { question: 'How long is a failover?', answer: 'dba/1' },
      { question: 'Is the database itself healthy?', answer: 'dba/0' },
    ];
    const a = answerQuestion('dba', team, 'Could locks explain the slow queries?', earlier);
    expect(a.answer).toBe('dba/0');
    expect(a.aside).toBe('I don\'t have more on that than what I told you when you asked "Is the database itself healthy?": ');
  });

  it('admits when a second, different question also gets the fallback', () => {
    const a = answerQuestion('dba', team, 'what about the CDN?', [{ question: 'Is it DNS?', answer: 'dba/fallback' }]);
    expect(a).toMatchObject({ answer: 'dba/fallback', aside: 'I can\'t help with that one either. ', text: team.fallback });
  });

  it('quotes a long earlier question shortened, on one line', () => {
    const long = `Is the database ${'really '.repeat(20)}fine?\nasking twice`;
    const a = answerQuestion('dba', team, 'database?', [{ question: long, answer: 'dba/0' }]);
    expect(a.aside).toMatch(/asked "Is the database really really .*…": $/);
    expect(a.aside!.length).toBeLessThan(160);
  });

  it('pairs each question with the answer that followed it, for one team only', () => {
    const events = [
      { t: 1, type: 'question_asked', team: 'dba', question: 'q1' },
      { t: 1, type: 'answer', team: 'dba', responder: 'Mo', text: 'x', answer: 'dba/0' },
      { t: 2, type: 'question_asked', team: 'payments', question: 'q2' },
      { t: 2, type: 'answer', team: 'payments', responder: 'Priya', text: 'y', answer: 'payments/1' },
      { t: 3, type: 'question_asked', team: 'dba', question: 'q3' },
    ] as SimEvent[];
    expect(askedBefore(events, 'dba')).toEqual([{ question: 'q1', answer: 'dba/0' }]);
  });
});

describe('through the engine', () => {
  const scenario = mustParse(EXAMPLE_TEXT);
  const script: Command[] = [
    { type: 'ask', team: 'payments', question: 'Was there a config change?' },
    { type: 'ask', team: 'payments', question: 'Did somebody change a setting recently?' },
    { type: 'ask', team: 'payments', question: 'was there a CONFIG change' },
    { type: 'ask', team: 'payments', question: 'What is the weather?' },
    { type: 'ask', team: 'payments', question: 'Who won the match?' },
  ];

  function answers(seed: string): string[] {
    const d: Simulation = createSimulation(scenario, seed);
    advance(d, 600);
    expect(apply(d, { type: 'page_team', team: 'payments' }, 'Ada').ok).toBe(true);
    advance(d, 900);
    for (const c of script) expect(apply(d, c, 'Ada').ok).toBe(true);
    return d.events.flatMap((e) => (e.type === 'answer' ? [e.text] : []));
  }

  it('gives the same answer once, then says so, and the same words on every replay', () => {
    const [first, other, again, fallback, fallbackAgain] = answers('7');
    expect(first).toMatch(/lowered checkout's orders pool from 50 to 10/);
    expect(first).not.toMatch(/As I said|what I told you/);
    expect(other).toBe(`I don't have more on that than what I told you when you asked "Was there a config change?": ${first}`);
    expect(again).toBe(`As I said: ${first}`);
    expect(fallback).not.toMatch(/either/);
    expect(fallbackAgain).toBe(`I can't help with that one either. ${fallback}`);
    expect(answers('7')).toEqual([first, other, again, fallback, fallbackAgain]);
  });

  it('never renders the trainee\'s quoted question as a template', () => {
    const d: Simulation = createSimulation(scenario, '7');
    advance(d, 600);
    apply(d, { type: 'page_team', team: 'payments' }, 'Ada');
    advance(d, 900);
    const sneaky = 'config change {{ query "up" }}?';
    apply(d, { type: 'ask', team: 'payments', question: sneaky }, 'Ada');
    apply(d, { type: 'ask', team: 'payments', question: 'any setting changed?' }, 'Ada');
    const last = d.events.findLast((e) => e.type === 'answer') as Extract<SimEvent, { type: 'answer' }>;
    expect(last.text).toContain(`asked "${sneaky}"`);
  });
});
