// Model endpoint configuration. Entry points read the environment and pass it here; everything else
// receives a ModelConfig. With no model configured, agents run deterministic steps instead.

export interface ModelConfig {
  /** OpenAI-compatible base URL including the version path, e.g. http://127.0.0.1:11434/v1. */
  baseUrl?: string;
  apiKey?: string;
  model: string;
  /** Per request; covers the wait for response headers and, when streaming, each gap between chunks. */
  requestTimeoutMs: number;
}

export const DEFAULT_MODEL_REQUEST_TIMEOUT_MS = 120_000;

/** A model name plus an endpoint (a base URL, or an API key for the provider's default endpoint). */
export function isModelConfigured(config: Partial<ModelConfig> | undefined): config is ModelConfig {
  if (!config) return false;
  const hasModel = typeof config.model === 'string' && config.model.trim() !== '';
  const hasEndpoint = Boolean(config.baseUrl?.trim()) || Boolean(config.apiKey?.trim());
  return hasModel && hasEndpoint;
}

/** Reads OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL, OPENAI_TIMEOUT_MS; undefined when unconfigured. */
export function modelConfigFromEnv(env: Record<string, string | undefined>): ModelConfig | undefined {
  const timeout = Number(env.OPENAI_TIMEOUT_MS);
  const candidate: Partial<ModelConfig> = {
    baseUrl: env.OPENAI_BASE_URL || undefined,
    apiKey: env.OPENAI_API_KEY || undefined,
    model: env.OPENAI_MODEL ?? '',
    requestTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_MODEL_REQUEST_TIMEOUT_MS,
  };
  return isModelConfigured(candidate) ? candidate : undefined;
}
