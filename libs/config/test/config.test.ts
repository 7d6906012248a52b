import {
  base64Key,
  bool,
  commonServiceConfig,
  ConfigError,
  csv,
  devDefault,
  durationMs,
  int,
  loadConfig,
  logLevel,
  mongoUrl,
  optionalUrl,
  port,
  serviceDefaults,
  text,
  url,
  z,
} from '@xinfang/config';

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const KEY_A = Buffer.alloc(32, 7).toString('base64');
const KEY_B = Buffer.alloc(32, 9).toString('base64');

describe('loadConfig', () => {
  const schema = z.object({
    MONGO_URL: mongoUrl(),
    HTTP_PORT: port(8101),
    KAFKA_BROKERS: csv({ min: 1 }),
    FEATURE_ON: bool(false),
    SWEEP_EVERY: durationMs(60_000),
    NAME: text().optional(),
  });

  it('returns typed values, applying defaults', () => {
    const config = loadConfig(schema, {
      MONGO_URL: 'mongodb://127.0.0.1:27018',
      KAFKA_BROKERS: 'a:1, b:2,',
    });
    expect(config).toEqual({
      MONGO_URL: 'mongodb://127.0.0.1:27018',
      HTTP_PORT: 8101,
      KAFKA_BROKERS: ['a:1', 'b:2'],
      FEATURE_ON: false,
      SWEEP_EVERY: 60_000,
    });
    const port: number = config.HTTP_PORT;
    const brokers: string[] = config.KAFKA_BROKERS;
    expect([port, brokers.length]).toEqual([8101, 2]);
  });

  it('lists every bad variable on its own line, without echoing values', () => {
    const err = errorOf(() =>
      loadConfig(schema, {
        HTTP_PORT: '70000',
        KAFKA_BROKERS: ' , ',
        FEATURE_ON: 'maybe',
        SWEEP_EVERY: '5 weeks',
      }),
    );
    expect(err.message).toBe(
      [
        'Invalid configuration:',
        'MONGO_URL: required',
        'HTTP_PORT: must be a port number from 1 to 65535',
        'KAFKA_BROKERS: must list at least 1 comma-separated value',
        'FEATURE_ON: must be true or false',
        'SWEEP_EVERY: must be a duration such as 500ms, 30s, 5m, 2h or 1d',
      ].join('\n'),
    );
    expect(err.issues.map((i) => i.variable)).toEqual([
      'MONGO_URL',
      'HTTP_PORT',
      'KAFKA_BROKERS',
      'FEATURE_ON',
      'SWEEP_EVERY',
    ]);
    expect(err.message).not.toContain('maybe');
  });

  it('treats an empty variable as unset', () => {
    expect(
      errorOf(() => loadConfig(schema, { MONGO_URL: '  ', KAFKA_BROKERS: 'a:1' })).issues,
    ).toEqual([{ variable: 'MONGO_URL', reason: 'required' }]);
    expect(
      loadConfig(schema, { MONGO_URL: 'mongodb://h', KAFKA_BROKERS: 'a:1', HTTP_PORT: '' })
        .HTTP_PORT,
    ).toBe(8101);
  });

  it('reads process.env by default', () => {
    process.env['XF_CONFIG_TEST_PORT'] = '9999';
    try {
      expect(loadConfig(z.object({ XF_CONFIG_TEST_PORT: port() }))).toEqual({
        XF_CONFIG_TEST_PORT: 9999,
      });
    } finally {
      delete process.env['XF_CONFIG_TEST_PORT'];
    }
  });
});

describe('field builders', () => {
  const one = <S extends z.ZodType>(schema: S, value: string | undefined): z.output<S> =>
    (loadConfig(z.object({ V: schema }), { V: value }) as { V: z.output<S> }).V;
  const reason = (schema: z.ZodType, value: string | undefined) =>
    errorOf(() => loadConfig(z.object({ V: schema }), { V: value })).issues[0]?.reason;

  it('port', () => {
    expect(one(port(), ' 8080 ')).toBe(8080);
    expect(reason(port(), '0')).toMatch(/port number/);
    expect(reason(port(), '80a')).toMatch(/port number/);
    expect(reason(port(), undefined)).toBe('required');
  });

  it('int', () => {
    expect(one(int({ min: 1, max: 10 }), '10')).toBe(10);
    expect(one(int({ default: 3 }), undefined)).toBe(3);
    expect(reason(int({ min: 1, max: 10 }), '11')).toBe('must be a whole number from 1 to 10');
  });

  it('url and optionalUrl', () => {
    expect(one(url(), 'http://127.0.0.1:18080')).toBe('http://127.0.0.1:18080');
    expect(reason(url(), 'ftp://x')).toBe('must be a http or https URL');
    expect(reason(url(), 'not a url')).toBe('must be a http or https URL');
    expect(one(url({ protocols: ['amqp'] }), 'amqp://broker')).toBe('amqp://broker');
    expect(one(optionalUrl(), undefined)).toBeUndefined();
    expect(one(optionalUrl(), 'https://otel.example:4318')).toBe('https://otel.example:4318');
    expect(reason(optionalUrl(), 'nope')).toMatch(/URL/);
  });

  it('mongoUrl accepts replica sets and SRV', () => {
    expect(one(mongoUrl(), 'mongodb://a:27017,b:27017/db?replicaSet=rs0')).toContain('replicaSet');
    expect(one(mongoUrl(), 'mongodb+srv://cluster.example/db')).toContain('+srv');
    expect(reason(mongoUrl(), 'http://x')).toMatch(/mongodb/);
  });

  it('csv', () => {
    expect(reason(csv(), '')).toBe('required');
    expect(one(csv({ default: ['x'] }), undefined)).toEqual(['x']);
    expect(one(csv(), 'a,,b')).toEqual(['a', 'b']);
  });

  it('bool', () => {
    for (const v of ['true', 'TRUE', '1', 'yes', 'on']) expect(one(bool(), v)).toBe(true);
    for (const v of ['false', '0', 'No', 'off']) expect(one(bool(), v)).toBe(false);
    expect(one(bool(true), undefined)).toBe(true);
  });

  it('durationMs', () => {
    expect(one(durationMs(), '250')).toBe(250);
    expect(one(durationMs(), '250ms')).toBe(250);
    expect(one(durationMs(), '30s')).toBe(30_000);
    expect(one(durationMs(), '5m')).toBe(300_000);
    expect(one(durationMs(), '2h')).toBe(7_200_000);
    expect(one(durationMs(), '1d')).toBe(86_400_000);
    expect(reason(durationMs(), '1.5s')).toMatch(/duration/);
  });

  it('logLevel', () => {
    expect(one(logLevel(), undefined)).toBe('info');
    expect(one(logLevel(), 'debug')).toBe('debug');
    expect(reason(logLevel(), 'loud')).toBe(
      'must be one of fatal, error, warn, info, debug, trace, silent',
    );
  });

  it('base64Key', () => {
    expect(one(base64Key(32), KEY_A)).toEqual(Buffer.alloc(32, 7));
    expect(reason(base64Key(32), Buffer.alloc(16).toString('base64'))).toBe(
      'must be base64 of exactly 32 bytes',
    );
    expect(reason(base64Key(32), '!!!!')).toBe('must be base64 of exactly 32 bytes');
  });
});

describe('development defaults', () => {
  const schema = z.object({
    NODE_ENV: z.string().optional(),
    SECRET: devDefault(text(), 'dev-secret'),
  });

  it('apply outside production and are reported', () => {
    const used: string[] = [];
    expect(loadConfig(schema, {}, { onDevDefault: (v) => used.push(v) }).SECRET).toBe('dev-secret');
    expect(loadConfig(schema, { NODE_ENV: 'test' }).SECRET).toBe('dev-secret');
    expect(
      loadConfig(schema, { SECRET: 'real' }, { onDevDefault: (v) => used.push(v) }).SECRET,
    ).toBe('real');
    expect(used).toEqual(['SECRET']);
  });

  it('never apply in production', () => {
    expect(errorOf(() => loadConfig(schema, { NODE_ENV: 'production' })).issues).toEqual([
      { variable: 'SECRET', reason: 'required in production' },
    ]);
  });
});

describe('commonServiceConfig', () => {
  const schema = z.object({
    ...commonServiceConfig,
    ...serviceDefaults({ name: 'intake', httpPort: 8101, grpcPort: 9101 }),
    INTAKE_MAX_FILES: int({ min: 1, default: 10 }),
  });
  const local = {
    MONGO_URL: 'mongodb://127.0.0.1:27018',
    KAFKA_BROKERS: '127.0.0.1:19092',
    KEYCLOAK_URL: 'http://127.0.0.1:18080',
  };

  it('starts a service locally from three variables', () => {
    const config = loadConfig(schema, local);
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      OTEL_SERVICE_NAME: 'intake',
      HTTP_PORT: 8101,
      GRPC_PORT: 9101,
      MONGO_DB: 'xinfang_intake',
      KAFKA_BROKERS: ['127.0.0.1:19092'],
      KAFKA_CLIENT_ID: 'xinfang-intake',
      KEYCLOAK_REALM: 'xinfang',
      KEYCLOAK_AUDIENCE: 'xinfang-api',
      LOG_LEVEL: 'info',
      INTAKE_MAX_FILES: 10,
    });
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(config.KEYCLOAK_CLIENT_SECRET).toBeUndefined();
    expect(config.PII_ENCRYPTION_KEY).toHaveLength(32);
    expect(config.PII_HASH_KEY).toHaveLength(32);
    expect(config.PII_HASH_KEY.equals(config.PII_ENCRYPTION_KEY)).toBe(false);
  });

  it('requires the PII keys in production', () => {
    const err = errorOf(() => loadConfig(schema, { ...local, NODE_ENV: 'production' }));
    expect(err.message).toBe(
      'Invalid configuration:\nPII_ENCRYPTION_KEY: required in production\nPII_HASH_KEY: required in production',
    );
    const config = loadConfig(schema, {
      ...local,
      NODE_ENV: 'production',
      PII_ENCRYPTION_KEY: KEY_A,
      PII_HASH_KEY: KEY_B,
    });
    expect(config.PII_ENCRYPTION_KEY).toEqual(Buffer.alloc(32, 7));
  });

  it('names the missing connection settings', () => {
    expect(
      errorOf(() => loadConfig(z.object(commonServiceConfig), {})).issues.map(
        (i) => `${i.variable}: ${i.reason}`,
      ),
    ).toEqual([
      'OTEL_SERVICE_NAME: required',
      'HTTP_PORT: required',
      'GRPC_PORT: required',
      'MONGO_URL: required',
      'MONGO_DB: required',
      'KAFKA_BROKERS: required',
      'KEYCLOAK_URL: required',
    ]);
  });
});
