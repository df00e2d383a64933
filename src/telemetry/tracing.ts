// This process's tracing, set up once by its entry point and handed down as a value: a tracer
// provider registered with OpenTelemetry's global API (the one global the instrumentation libraries
// require), and the handle that flushes and shuts it down. Off, nothing is registered.
import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { Resource, envDetectorSync } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { tracingSettingsFromEnv } from './tracing-settings';

export const DEFAULT_SERVICE_NAMES = { api: 'a2a-temporal-api', worker: 'a2a-temporal-worker', mcp: 'a2a-temporal-mcp' } as const;

export interface Tracing {
  /** False: no provider was registered and every span is the API's no-op. */
  readonly enabled: boolean;
  /** OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: prompts and answers may go into spans. */
  readonly captureContent: boolean;
  /** Where spans end; the worker hands it workflow spans, which are made inside the sandbox. */
  readonly spanProcessor?: SpanProcessor;
  readonly resource?: Resource;
  forceFlush(): Promise<void>;
  /** Flushes, then unregisters the provider (a later startTracing in this process may register again). */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  env: NodeJS.ProcessEnv;
  /** The service name when OTEL_SERVICE_NAME is not set. */
  defaultServiceName: string;
  /** Tests and benchmarks: spans go here whatever the variables say (unless OTEL_SDK_DISABLED). */
  exporter?: SpanExporter;
  /** With `exporter`: batch spans as production does (default) or hand each over as it ends. */
  batch?: boolean;
  /** stdout carries a protocol (MCP over stdio): OTEL_TRACES_EXPORTER=console is ignored. */
  stdoutReserved?: boolean;
}

const DISABLED: Tracing = {
  enabled: false,
  captureContent: false,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

export function startTracing(options: TracingOptions): Tracing {
  const settings = tracingSettingsFromEnv(options.env, options.defaultServiceName, options.stdoutReserved);
  const exporters: SpanExporter[] = options.exporter
    ? [options.exporter]
    : settings.exporters.map((kind) => (kind === 'otlp' ? new OTLPTraceExporter() : new ConsoleSpanExporter()));
  if (exporters.length === 0 || options.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return DISABLED;

  const batch = options.exporter ? options.batch !== false : true;
  const processors = exporters.map((exporter) => (batch ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter)));
  // OTEL_RESOURCE_ATTRIBUTES first, so a deployment's own attributes travel along; the name is ours.
  const resource = Resource.default()
    .merge(envDetectorSync.detect())
    .merge(new Resource({ [ATTR_SERVICE_NAME]: settings.serviceName }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: processors });
  // AsyncLocalStorage context and the W3C trace-context and baggage propagators (OTEL_PROPAGATORS).
  provider.register();
  const spanProcessor = processors.length === 1 ? processors[0] : fanOut(processors);
  return {
    enabled: true,
    captureContent: settings.captureContent,
    spanProcessor,
    resource,
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

function fanOut(processors: SpanProcessor[]): SpanProcessor {
  return {
    onStart: (span, parent) => processors.forEach((p) => p.onStart(span, parent)),
    onEnd: (span) => processors.forEach((p) => p.onEnd(span)),
    forceFlush: async () => void (await Promise.all(processors.map((p) => p.forceFlush()))),
    shutdown: async () => void (await Promise.all(processors.map((p) => p.shutdown()))),
  };
}
