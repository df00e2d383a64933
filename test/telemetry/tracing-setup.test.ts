// The process's tracing from the standard OTEL_* variables: nothing set registers nothing (every
// span is the API's no-op); an endpoint or exporter name turns OTLP on; OTEL_SDK_DISABLED wins.
// Log lines written inside a span carry its trace and span ids.
import { propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { startTracing } from '../../src/telemetry/tracing';
import { tracingSettingsFromEnv } from '../../src/telemetry/tracing-settings';

const recording = () => trace.getTracer('probe').startSpan('probe').isRecording();

describe('tracing settings from the environment', () => {
  it('with no OTEL_* variables, nothing is registered and spans are no-ops', async () => {
    const tracing = startTracing({ env: {}, defaultServiceName: 'svc' });
    expect(tracing.enabled).toBe(false);
    expect(recording()).toBe(false);
    expect(propagation.fields()).toEqual([]);
    await tracing.shutdown();
  });

  it('an OTLP endpoint (general or for traces) or an exporter name turns OTLP export on', () => {
    expect(tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318' }, 'svc').exporters).toEqual(['otlp']);
    expect(tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' }, 'svc').exporters).toEqual(['otlp']);
    expect(tracingSettingsFromEnv({ OTEL_TRACES_EXPORTER: 'otlp' }, 'svc').exporters).toEqual(['otlp']);
    expect(tracingSettingsFromEnv({ OTEL_TRACES_EXPORTER: 'console' }, 'svc').exporters).toEqual(['console']);
  });

  it('OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none keep it off whatever else is set', () => {
    expect(tracingSettingsFromEnv({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318' }, 'svc').exporters).toEqual([]);
    expect(tracingSettingsFromEnv({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318' }, 'svc').exporters).toEqual([]);
    const disabled = startTracing({ env: { OTEL_SDK_DISABLED: 'true' }, defaultServiceName: 'svc', exporter: new InMemorySpanExporter() });
    expect(disabled.enabled).toBe(false);
  });

  it('never exports to the console when stdout carries a protocol (the MCP server over stdio)', () => {
    expect(tracingSettingsFromEnv({ OTEL_TRACES_EXPORTER: 'console' }, 'svc', true).exporters).toEqual([]);
    expect(tracingSettingsFromEnv({ OTEL_TRACES_EXPORTER: 'console,otlp' }, 'svc', true).exporters).toEqual(['otlp']);
  });

  it('names the service from OTEL_SERVICE_NAME, else the process default; content capture is opt-in', () => {
    expect(tracingSettingsFromEnv({}, 'a2a-temporal-worker')).toMatchObject({ serviceName: 'a2a-temporal-worker', captureContent: false });
    expect(tracingSettingsFromEnv({ OTEL_SERVICE_NAME: 'mine', OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' }, 'x')).toMatchObject({
      serviceName: 'mine',
      captureContent: true,
    });
  });
});

describe('with tracing on', () => {
  it('spans are recorded with the service name, and log lines inside a span carry its ids', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing({ env: { OTEL_SERVICE_NAME: 'named' }, defaultServiceName: 'svc', exporter, batch: false });
    const lines: string[] = [];
    const logger = createLogger({ destination: new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }) });
    logger.info('outside');
    trace.getTracer('probe').startActiveSpan('work', (span) => {
      logger.info('inside');
      span.end();
    });
    await tracing.forceFlush();
    const [span] = exporter.getFinishedSpans();
    expect(span.resource.attributes['service.name']).toBe('named');
    const [outside, inside] = lines.map((line) => JSON.parse(line));
    expect(outside.trace_id).toBeUndefined();
    expect(inside).toMatchObject({ trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId });
    await tracing.shutdown();
    expect(recording()).toBe(false);
  });
});
