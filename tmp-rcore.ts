import { NestFactory } from '@nestjs/core';
import { AppModule } from './apps/registry/src/app.module';
import { loadRegistryConfig } from './apps/registry/src/config';
(async () => {
  const config = loadRegistryConfig({ ...process.env, MONGODB_DATABASE: 'rcore_dbg', LOG_LEVEL: 'debug' });
  const t = Date.now();
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: ['debug', 'log', 'error', 'warn', 'verbose'] });
  console.log('created in', Date.now() - t);
  await app.close();
})();
