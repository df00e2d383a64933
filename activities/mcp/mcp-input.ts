// The activity edge for MCP: inputs parsed against the shared contract (a malformed input is a
// workflow bug, non-retryable), and the descriptor shape offered to workflows.
import { z } from 'zod';
import type { CallMcpToolInput, ListMcpToolsInput } from '../../src/agent-runtime/contracts';

export const ListMcpToolsInputSchema: z.ZodType<ListMcpToolsInput> = z.object({
  server: z.string().min(1),
  allowedTools: z.array(z.string()).optional(),
});

export const CallMcpToolInputSchema: z.ZodType<CallMcpToolInput> = z.object({
  server: z.string().min(1),
  tool: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()),
  allowedTools: z.array(z.string()).optional(),
  timeoutMs: z.number().int().positive().optional(),
  validateOutput: z.boolean().optional(),
});
