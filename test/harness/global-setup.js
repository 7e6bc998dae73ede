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
  // No mutual-TLS listener in the container: the Kafka TLS suite says so and is skipped.
  process.env.CARE_TEST_INFRA = 'testcontainers';
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

/**
 * A real round trip (insert, read, drop), not a ping: a wedged FerretDB v1 accepts connections
 * and answers pings while every write hangs (the cause found: a bulk command with more updates
 * than its pool, which @care/persistence's unorderedBulkWrite now prevents; ADR 0004). On the
 * local infrastructure a hung FerretDB, e.g. wedged by an earlier run, is restarted once (its
 * goroutines dumped to .cache/logs first, for diagnosis).
 */
async function probeDatabase(uri) {
  const mongoose = require('mongoose');
  const conn = mongoose.createConnection(uri, {
    dbName: `harness_probe_${process.pid}`,
    serverSelectionTimeoutMS: 5000,
  });
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error('database probe timed out after 10 s')), 10000).unref(),
  );
  try {
    await Promise.race([
      (async () => {
        await conn.asPromise();
        await conn.db.collection('probe').insertOne({ at: new Date() });
        await conn.db.collection('probe').findOne({});
        await conn.db.dropDatabase();
      })(),
      timeout,
    ]);
  } finally {
    await conn.close(true).catch(() => undefined);
  }
}

async function ensureDatabaseAnswers(local) {
  try {
    await probeDatabase(process.env.MONGODB_URI);
  } catch (err) {
    if (!local) throw err;
    console.log(`[harness] FerretDB did not answer (${err.message}): dumping goroutines and restarting it`);
    execFileSync('bash', [path.join(root, 'infra/ferretdb.sh'), 'goroutines'], { stdio: 'inherit' });
    execFileSync('bash', [path.join(root, 'infra/ferretdb.sh'), 'restart'], { stdio: 'inherit' });
    await probeDatabase(process.env.MONGODB_URI);
  }
}

module.exports = async function globalSetup() {
  if (process.env.KAFKA_BROKERS && process.env.MONGODB_URI) {
    console.log(
      `\n[harness] using KAFKA_BROKERS=${process.env.KAFKA_BROKERS} MONGODB_URI=${process.env.MONGODB_URI}`,
    );
    await ensureDatabaseAnswers(/^mongodb:\/\/127\.0\.0\.1:27017\/?$/.test(process.env.MONGODB_URI));
    return;
  }
  if (dockerAvailable()) {
    console.log('\n[harness] Docker engine found: starting Kafka and MongoDB with testcontainers');
    await startContainers();
  } else {
    console.log('\n[harness] no Docker engine: starting the local infrastructure (infra/up.sh)');
    startLocalInfra();
  }
  await ensureDatabaseAnswers(!process.env.__PLATFORM_CONTAINERS__ && !globalThis.__PLATFORM_CONTAINERS__);
  console.log(`[harness] KAFKA_BROKERS=${process.env.KAFKA_BROKERS} MONGODB_URI=${process.env.MONGODB_URI}`);
};
