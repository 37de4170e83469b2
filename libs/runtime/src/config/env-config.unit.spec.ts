import { ConfigError, int, loadConfig, oneOf, url } from './env-config';
import { baseServiceConfigSpec } from './service-config';

describe('configuration from the environment', () => {
  it('applies defaults when nothing is set', () => {
    const config = loadConfig(baseServiceConfigSpec(3000), {});
    expect(config.HTTP_PORT).toBe(3000);
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('');
  });

  it.each([
    ['HTTP_PORT', 'eighty', /HTTP_PORT must be an integer/],
    ['HTTP_PORT', '70000', /HTTP_PORT must be at most 65535/],
    ['NATS_URL', 'http://x:4222', /NATS_URL must use nats or tls/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL is not a valid URL/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['LT_SUBJECT_PREFIX', 'a.b', /LT_SUBJECT_PREFIX must match/],
  ])('refuses %s=%s and names the variable', (name, value, message) => {
    expect(() => loadConfig(baseServiceConfigSpec(3000), { [name]: value })).toThrow(message);
    try {
      loadConfig(baseServiceConfigSpec(3000), { [name]: value });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe(name);
    }
  });

  it('reports a missing required variable', () => {
    expect(() => loadConfig({ SECRET_PATH: url({ protocols: ['file'] }) }, {})).toThrow(
      'SECRET_PATH is required',
    );
    expect(
      loadConfig({ N: int({ default: 1 }), M: oneOf(['a', 'b'] as const, { default: 'b' }) }, { N: '7' }),
    ).toEqual({
      N: 7,
      M: 'b',
    });
  });
});
