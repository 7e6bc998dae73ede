require('mongoose').set('debug', (coll, method, ...args) => console.log('MONGO', coll, method, JSON.stringify(args).slice(0,200)));
const { NestFactory } = require('@nestjs/core');
const { AppModule } = require('/work/main/dist/apps/registry/src/app.module.js');
const { loadRegistryConfig } = require('/work/main/dist/apps/registry/src/config.js');
(async () => {
  const config = loadRegistryConfig({ ...process.env, MONGODB_DATABASE: 'rcore_dbg', LOG_LEVEL: 'debug' });
  const t = Date.now();
  setInterval(() => console.log('... waiting', Date.now() - t), 5000).unref();
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: ['debug', 'log', 'error', 'warn', 'verbose'] });
  console.log('created in', Date.now() - t);
  await app.init(); console.log('init in', Date.now() - t);
  await app.close();
})().catch(e => { console.error('ERR', e); process.exit(1); });
