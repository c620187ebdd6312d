/**
 * The WebSocket's client messages, validated: the zod schema for what a browser may send, built
 * from and checked against the contract's `ClientMessage` (contract/messages.ts).
 */
import { z } from 'zod';
import { MAX_MESSAGE_ID, type ClientMessage as ClientMessageType } from '../../contract/messages.js';

const LastSeq = z.number().int().min(0);

export const ClientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('hello'), lastSeq: LastSeq.optional() }),
  z.strictObject({ type: z.literal('resume'), lastSeq: LastSeq }),
  z.strictObject({ type: z.literal('command'), id: z.string().min(1).max(MAX_MESSAGE_ID), command: z.unknown() }),
  z.strictObject({ type: z.literal('ping'), id: z.string().max(MAX_MESSAGE_ID).optional() }),
]);

// A message added on one side only fails the type check here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
true satisfies Same<z.infer<typeof ClientMessage>, ClientMessageType>;
export type ClientMessage = ClientMessageType;
