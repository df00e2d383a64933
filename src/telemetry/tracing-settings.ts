// Reads the standard OTEL_* variables once, at start-up, into what this process's tracing needs.
// Nothing set means no tracing at all: unlike the SDK's own default (OTLP to localhost), a process
// exports only when told where to, so an unconfigured deployment pays for the no-op API alone.
import { z } from 'zod';

const flag = z
  .string()
  .optional()
  .transform((value) => value?.trim().toLowerCase() === 'true');

const TracingEnvSchema = z.object({
  OTEL_SDK_DISABLED: flag,
  OTEL_TRACES_EXPORTER: z
    .string()
    .optional()
    .transform((value) => value?.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean) ?? []),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().optional(),
  OTEL_SERVICE_NAME: z.string().optional(),
  OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: flag,
});

export type TraceExporterKind = 'otlp' | 'console';

export interface TracingSettings {
  /** Exporters the variables ask for; empty means tracing is off. */
  exporters: TraceExporterKind[];
  serviceName: string;
  /** Prompts, model answers and tool arguments go into spans only when this is true. */
  captureContent: boolean;
}

/** `stdoutReserved`: stdout is a protocol channel (the MCP server over stdio), so no console exporter. */
export function tracingSettingsFromEnv(env: NodeJS.ProcessEnv, defaultServiceName: string, stdoutReserved = false): TracingSettings {
  const parsed = TracingEnvSchema.parse(env);
  const base = { serviceName: parsed.OTEL_SERVICE_NAME?.trim() || defaultServiceName, captureContent: parsed.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT };
  if (parsed.OTEL_SDK_DISABLED || parsed.OTEL_TRACES_EXPORTER.includes('none')) return { ...base, exporters: [] };
  const named = parsed.OTEL_TRACES_EXPORTER.filter((name): name is TraceExporterKind => name === 'otlp' || (name === 'console' && !stdoutReserved));
  if (named.length > 0) return { ...base, exporters: named };
  // An endpoint alone is the usual way to say "send traces there".
  const endpoint = parsed.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || parsed.OTEL_EXPORTER_OTLP_ENDPOINT;
  return { ...base, exporters: endpoint ? ['otlp'] : [] };
}
