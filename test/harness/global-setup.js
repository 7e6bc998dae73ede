// One infrastructure harness for every integration spec (jest globalSetup):
//  1. KAFKA_BROKERS and MONGODB_URI already set (CI, a developer's running stack): use them;
//  2. else, where a Docker engine answers: testcontainers starts Kafka and MongoDB 7;
//  3. else: the project's own local infrastructure (infra/up.sh: Kafka from jars, FerretDB).
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');

function dockerAvailable() {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function startContainers() {
  const { KafkaContainer } = require('@testcontainers/kafka');
  const { MongoDBContainer } = require('@testcontainers/mongodb');
  const kafka = await new KafkaContainer('confluentinc/cp-kafka:7.6.1').withKraft().start();
  const mongo = await new MongoDBContainer('mongo:7').start();
  globalThis.__PLATFORM_CONTAINERS__ = [kafka, mongo];
  process.env.KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
  process.env.MONGODB_URI = `${mongo.getConnectionString()}/?directConnection=true`;
}

function startLocalInfra() {
  const out = execFileSync('bash', [path.join(root, 'infra/up.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 15 * 60 * 1000,
  });
  for (const line of out.split('\n')) {
    const m = /^export (\w+)=(.*)$/.exec(line.trim());
    if (m) process.env[m[1]] = m[2];
  }
}

module.exports = async function globalSetup() {
  if (process.env.KAFKA_BROKERS && process.env.MONGODB_URI) {
    console.log(`\n[harness] using KAFKA_BROKERS=${process.env.KAFKA_BROKERS} MONGODB_URI=${process.env.MONGODB_URI}`);
    return;
  }
  if (dockerAvailable()) {
    console.log('\n[harness] Docker engine found: starting Kafka and MongoDB with testcontainers');
    await startContainers();
  } else {
    console.log('\n[harness] no Docker engine: starting the local infrastructure (infra/up.sh)');
    startLocalInfra();
  }
  console.log(`[harness] KAFKA_BROKERS=${process.env.KAFKA_BROKERS} MONGODB_URI=${process.env.MONGODB_URI}`);
};
