// What the document-analyst says to the model and to the requester: the system prompt naming the
// document, tool results cut to a bound, the answer when a loop bound stops it, and the answer of the
// deterministic steps when no model is configured. Pure.
import type { CallMcpToolResult } from '../agent-runtime/contracts';
import type { StopReason } from '../agent-runtime/loop-budget';
import type { ClassificationResult, ExtractResult, FingerprintResult } from './tool-results';

export type AnalystStopReason = 'answered' | 'max-tokens' | StopReason;

export function analystSystemPrompt(documentId: string, name: string): string {
  return (
    'You answer questions about one document using the document tools. The document is ' +
    `"${name}"; pass it to every tool as {"document": {"documentId": "${documentId}"}}. Call the tools you need ` +
    '(several at once when they are independent), then answer briefly and only from what the tools returned. ' +
    'Never reveal unmasked personal data.'
  );
}

/** The tool result as the model reads it: structured content when there is some, else the text blocks. */
export function toolResultForModel(result: CallMcpToolResult, maxChars: number): string {
  const text = result.structuredContent
    ? JSON.stringify(result.structuredContent)
    : result.content.map((b) => (b.type === 'text' && typeof b.text === 'string' ? b.text : `[${b.type} content]`)).join('\n');
  const body = result.isError ? `Error: ${text}` : text;
  return body.length > maxChars ? `${body.slice(0, maxChars)}\n[cut: ${body.length - maxChars} more characters]` : body;
}

export function stopNote(reason: AnalystStopReason, limits: { maxSteps: number; maxTotalTokens?: number }): string | undefined {
  switch (reason) {
    case 'answered':
      return undefined;
    case 'max-tokens':
      return 'The answer was cut short: the model reached its token limit for the step.';
    case 'step-limit':
      return `Stopped after ${limits.maxSteps} model steps (the step limit) before the model gave a final answer.`;
    case 'token-budget':
      return `Stopped when the token budget of ${limits.maxTotalTokens} tokens was used up, before the model gave a final answer.`;
  }
}

export function deterministicAnswer(
  facts: { fingerprint: FingerprintResult; extract: ExtractResult; classification: ClassificationResult; name: string },
  question: string,
): string {
  const { fingerprint, extract, classification } = facts;
  const kind = classification.documentType;
  const type = kind === 'unknown' ? 'a document of unknown type' : `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
  return [
    `No model is configured, so I ran the deterministic steps only (fingerprint, text extraction, classification) and cannot answer "${question}" itself.`,
    `"${facts.name}" is ${type} (confidence ${classification.confidence}${classification.meetsPolicyMinimum ? '' : ', below the policy minimum'}): ` +
      `${extract.pageCount} page(s) of ${extract.mediaType}, ${extract.chars} characters of text, ${fingerprint.size} bytes, SHA-256 ${fingerprint.sha256}` +
      `${fingerprint.mediaTypeMismatch ? `; its declared type ${fingerprint.declaredMediaType} does not match its content (${fingerprint.detectedMediaType})` : ''}.`,
  ].join(' ');
}
