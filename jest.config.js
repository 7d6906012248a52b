// One jest configuration for the whole monorepo. `*.test.ts` files are unit tests of pure logic;
// `*.int.test.ts` files talk to the real Kafka, Keycloak and MongoDB-wire servers started by
// deploy/local/infra.sh and run in band.
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const moduleNameMapper = {
  '^@xinfang/([a-z-]+)$': ['<rootDir>/libs/$1/src', '<rootDir>/services/$1/src'],
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  moduleNameMapper,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

module.exports = {
  // Integration tests wait for Kafka group joins and Keycloak; unit tests finish far sooner.
  testTimeout: 120000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,services}/*/{src,test}/**/*.test.ts'],
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '\\.int\\.test\\.ts$'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/{libs,services}/*/{src,test}/**/*.int.test.ts',
        '<rootDir>/tests/**/*.int.test.ts',
      ],
      setupFiles: ['<rootDir>/tests/support/integration-env.js'],
    },
  ],
};
