// The text of a message: its text parts joined, which is what text-only agents read. Pure.
import type { Message } from '../a2a-model/types';

export function messageText(message: Message): string {
  return message.parts
    .filter((part) => part.kind === 'text')
    .map((part) => (part.kind === 'text' ? part.text : ''))
    .join('\n');
}

/** Ends a sentence built around someone's words without doubling their own closing punctuation. */
export function sentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?…]["”')\]]*$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
