// The text of a message: its text parts joined, which is what text-only agents read. Pure.
import type { Message } from '../a2a-model/types';

export function messageText(message: Message): string {
  return message.parts
    .filter((part) => part.kind === 'text')
    .map((part) => (part.kind === 'text' ? part.text : ''))
    .join('\n');
}
