import { DEFAULT_MODEL_REQUEST_TIMEOUT_MS, isModelConfigured, modelConfigFromEnv } from '../../../src/agent-runtime/model-config';

describe('model configuration', () => {
  it('needs a model and an endpoint (a base URL or an API key)', () => {
    expect(isModelConfigured(undefined)).toBe(false);
    expect(isModelConfigured({ model: 'gpt-x' })).toBe(false);
    expect(isModelConfigured({ model: ' ', baseUrl: 'http://127.0.0.1:1/v1' })).toBe(false);
    expect(isModelConfigured({ model: 'llama', baseUrl: 'http://127.0.0.1:1/v1' })).toBe(true);
    expect(isModelConfigured({ model: 'gpt-x', apiKey: 'sk-1' })).toBe(true);
  });

  it('reads the environment it is given, and nothing when unconfigured', () => {
    expect(modelConfigFromEnv({})).toBeUndefined();
    expect(modelConfigFromEnv({ OPENAI_MODEL: 'm', OPENAI_BASE_URL: 'http://h/v1', OPENAI_TIMEOUT_MS: '5000' })).toEqual({
      baseUrl: 'http://h/v1',
      apiKey: undefined,
      model: 'm',
      requestTimeoutMs: 5000,
    });
    expect(modelConfigFromEnv({ OPENAI_MODEL: 'm', OPENAI_API_KEY: 'k', OPENAI_TIMEOUT_MS: 'soon' })?.requestTimeoutMs).toBe(DEFAULT_MODEL_REQUEST_TIMEOUT_MS);
  });
});
