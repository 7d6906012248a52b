// Defaults for integration tests: the servers started by deploy/local/infra.sh on 127.0.0.1.
// Values already in the environment (given servers, CI) win.
const defaults = {
  KAFKA_BROKERS: '127.0.0.1:19092',
  MONGO_URL: 'mongodb://127.0.0.1:27018',
  KEYCLOAK_URL: 'http://127.0.0.1:18080',
  KEYCLOAK_REALM: 'xinfang',
};
for (const [key, value] of Object.entries(defaults)) {
  if (!process.env[key]) process.env[key] = value;
}
