import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { z } from 'zod';
import { ConfigModule, InjectConfig } from './config.module';
import { loadConfig } from './load-config';
import { httpConfig, serviceConfig } from './fragments';

const schema = z.object({ ...serviceConfig('registry'), ...httpConfig(3001) });
type AppConfig = z.output<typeof schema>;

@Injectable()
class NeedsConfig {
  constructor(@InjectConfig() readonly config: AppConfig) {}
}

describe('ConfigModule', () => {
  it('provides the config loaded in main.ts to any provider, frozen', async () => {
    const config = loadConfig(schema, { HTTP_PORT: '4000' });
    @Module({ imports: [ConfigModule.forRoot(config)], providers: [NeedsConfig] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      const injected = app.get(NeedsConfig).config;
      expect(injected).toEqual({ SERVICE_NAME: 'registry', NODE_ENV: 'development', HTTP_PORT: 4000 });
      expect(Object.isFrozen(injected)).toBe(true);
    } finally {
      await app.close();
    }
  });
});
