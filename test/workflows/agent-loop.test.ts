// The agent loop (document-analyst) on the real stack: the model chooses tool calls, each runs as an
// activity and its result goes back to the model; mistakes the model can fix come back as errors;
// the step limit and the token budget stop the loop with the reason recorded; without a model the
// agents run their deterministic steps and say so.
import { samplePdf, sampleInvoice } from '../../src/documents/samples';
import { step, type RecordedRequest } from '../support/fake-openai';
import { artifactOf, dataOfArtifact, filePart, startDocumentStack, textOf, textPart, type Stack } from './support/document-stack';

const AGENT = 'document-analyst';
const invoice = () => filePart(samplePdf(sampleInvoice()), 'application/pdf', 'invoice-INV-2025-0042.pdf');
const toolMessages = (request: RecordedRequest) => request.messages.filter((m) => m.role === 'tool').map((m) => String(m.content));

describe('with a model', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startDocumentStack({
      agents: {
        'analyst-two-steps': { extends: AGENT, settings: { maxSteps: 2 } },
        'analyst-small-budget': { extends: AGENT, settings: { maxTotalTokens: 100 } },
      },
    });
  }, 120_000);
  afterAll(() => stack?.close());

  it('runs the tools the model chooses, feeds their results back, and answers with its usage recorded', async () => {
    const first = stack.model!.requests.length;
    stack.model!.script(
      step.toolCalls([
        { name: 'classify_document', arguments: {} },
        { name: 'check_consistency', arguments: { documentType: 'invoice' } },
      ]),
      step.streamed(['It is an invoice ', 'and its totals add up.']),
    );
    const task = await stack.start(AGENT, [invoice(), textPart('What is this and do the totals add up?')]);
    const done = await stack.waitForSettled(AGENT, task.id);
    expect(done.status.state).toBe('TASK_STATE_COMPLETED');
    expect(textOf(artifactOf(done, 'answer').parts)).toBe('It is an invoice and its totals add up.');
    expect(done.metadata).toMatchObject({
      agentLoop: { stopReason: 'answered', model: 'fake-model' },
      usage: { steps: 2, toolCalls: 2, totalTokens: expect.any(Number) },
    });
    expect(done.metadata.usage.totalTokens).toBeGreaterThan(0);
    const [ask, answer] = stack.model!.requests.slice(first);
    // The allowlist: the analyst is offered every document tool but redact.
    expect(ask.tools?.map((t) => (t.function as { name: string }).name).sort()).toEqual(
      ['check_consistency', 'check_required_fields', 'classify_document', 'detect_pii', 'extract_text', 'fingerprint_document'],
    );
    const results = toolMessages(answer);
    expect(results[0]).toContain('"documentType":"invoice"');
    expect(results[1]).toContain('"consistent":true');
  });

  it('tells the model about unknown tools, tools outside its allowlist and invalid arguments, and lets it go on', async () => {
    const first = stack.model!.requests.length;
    stack.model!.script(
      step.toolCalls([
        { name: 'redact', arguments: {} },
        { name: 'check_consistency', arguments: { documentType: 'recipe' } },
        { name: 'classify_document', arguments: '{not json' },
      ]),
      step.text('I could not use those tools.'),
    );
    const task = await stack.start(AGENT, [invoice()]);
    const done = await stack.waitForSettled(AGENT, task.id);
    expect(done.status.state).toBe('TASK_STATE_COMPLETED');
    const [redact, invalid, badJson] = toolMessages(stack.model!.requests[first + 1]);
    expect(redact).toMatch(/^Error: there is no tool named redact/);
    expect(invalid).toMatch(/^Error: invalid arguments for check_consistency/);
    expect(badJson).toMatch(/^Error: arguments are not valid JSON/);
  });

  it('stops at the step limit and records why', async () => {
    stack.model!.respondWith(() => step.toolCalls([{ name: 'fingerprint_document', arguments: {} }]));
    try {
      const task = await stack.start('analyst-two-steps', [invoice()]);
      const done = await stack.waitForSettled('analyst-two-steps', task.id);
      expect(done.status.state).toBe('TASK_STATE_COMPLETED');
      expect(done.metadata).toMatchObject({ agentLoop: { stopReason: 'step-limit' }, usage: { steps: 2, toolCalls: 2 } });
      expect(textOf(done.status.message.parts)).toContain('Stopped after 2 model steps (the step limit)');
    } finally {
      stack.model!.respondWith(undefined);
    }
  });

  it('stops when the token budget is spent and records why', async () => {
    stack.model!.script(step.toolCalls([{ name: 'fingerprint_document', arguments: {} }], { usage: { promptTokens: 90, completionTokens: 20 } }));
    const task = await stack.start('analyst-small-budget', [invoice()]);
    const done = await stack.waitForSettled('analyst-small-budget', task.id);
    expect(done.metadata).toMatchObject({ agentLoop: { stopReason: 'token-budget' }, usage: { steps: 1, totalTokens: 110 } });
    expect(textOf(done.status.message.parts)).toContain('token budget of 100 tokens');
  });
});

describe('without a model', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startDocumentStack({ model: false });
  }, 120_000);
  afterAll(() => stack?.close());

  it('the analyst runs its deterministic steps and says so', async () => {
    const task = await stack.start(AGENT, [invoice(), textPart('Is this paid?')]);
    const done = await stack.waitForSettled(AGENT, task.id);
    expect(done.status.state).toBe('TASK_STATE_COMPLETED');
    const answer = textOf(artifactOf(done, 'answer').parts);
    expect(answer).toMatch(/^No model is configured, so I ran the deterministic steps only/);
    expect(answer).toContain('"invoice-INV-2025-0042.pdf" is an invoice (confidence 0.84): 3 page(s) of application/pdf');
    expect(done.metadata.agentLoop).toEqual({ stopReason: 'no-model', model: false });
  });

  it('the verifier summarises with deterministic rules and says so', async () => {
    const task = await stack.start('document-verifier', [invoice()]);
    const done = await stack.waitForSettled('document-verifier', task.id);
    expect(done.status.state).toBe('TASK_STATE_COMPLETED');
    expect(textOf(artifactOf(done, 'summary').parts)).toMatch(/No model is configured, so this summary was produced by deterministic rules\.$/);
    expect(dataOfArtifact(done, 'verification-result').summary).toMatchObject({ source: 'rules', note: 'no model is configured' });
  });
});
