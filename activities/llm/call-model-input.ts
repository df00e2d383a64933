// The activity edge: callModel input parsed once against the shared contract, so a workflow bug shows
// up as a non-retryable InvalidActivityInput instead of a provider 400 on every retry.
import { z } from 'zod';
import type { CallModelInput, ChatMessage, FunctionTool, ToolCall } from '../../src/agent-runtime/contracts';

const ToolCallSchema: z.ZodType<ToolCall> = z.object({ id: z.string().min(1), name: z.string().min(1), arguments: z.string() });

const ChatMessageSchema: z.ZodType<ChatMessage> = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }),
  z.object({ role: z.literal('user'), content: z.string() }),
  z.object({ role: z.literal('assistant'), content: z.string().nullable(), toolCalls: z.array(ToolCallSchema).optional() }),
  z.object({ role: z.literal('tool'), toolCallId: z.string().min(1), content: z.string() }),
]);

const FunctionToolSchema: z.ZodType<FunctionTool> = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'function names are 1-64 letters, digits, _ or -'),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()),
  }),
});

export const CallModelInputSchema: z.ZodType<CallModelInput> = z.object({
  messages: z.array(ChatMessageSchema).min(1),
  tools: z.array(FunctionToolSchema).optional(),
  toolChoice: z.union([z.enum(['auto', 'none', 'required']), z.object({ name: z.string().min(1) })]).optional(),
  model: z.string().min(1).optional(),
  maxTokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  stream: z.object({ taskId: z.string().min(1), artifactId: z.string().min(1) }).optional(),
});
